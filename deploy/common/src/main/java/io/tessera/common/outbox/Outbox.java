package io.tessera.common.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.id.TimeOrderedIds;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Producers never talk to Kafka: they write an outbox row with the same connection, in the same
 * transaction, as the business change. {@link OutboxRelay} publishes the rows.
 */
@ApplicationScoped
public class Outbox {
    public static final String INSERT = "INSERT INTO outbox (event_id, topic, event_key, envelope) VALUES (?, ?, ?, ?::jsonb)";

    private final ObjectMapper json;
    private final Clock clock;

    public Outbox(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /**
     * Builds the envelope for {@code payload}; add it with {@link #add(PreparedStatement, String, EventEnvelope)}.
     * Its id is time-ordered: every consumer keys {@code processed_event} by it.
     */
    public EventEnvelope envelope(String type, String key, Object payload) {
        return new EventEnvelope(TimeOrderedIds.next(), type, key, clock.instant(), 1, json.valueToTree(payload));
    }

    /** Writes one event with the caller's connection (and so in the caller's transaction). */
    public void write(Connection connection, String topic, String type, String key, Object payload) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            add(insert, topic, envelope(type, key, payload));
            insert.executeUpdate();
        }
    }

    /** Binds one row on a statement prepared from {@link #INSERT}; lets hot paths batch several events. */
    public void add(PreparedStatement insert, String topic, EventEnvelope event) throws SQLException {
        insert.setObject(1, event.eventId());
        insert.setString(2, topic);
        insert.setString(3, event.key());
        try {
            insert.setString(4, json.writeValueAsString(event));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("event payload is not serialisable: " + event.type(), e);
        }
    }
}
