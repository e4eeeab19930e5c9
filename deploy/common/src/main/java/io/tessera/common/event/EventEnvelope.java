package io.tessera.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * The one envelope of every event on every topic. {@code key} is also the Kafka record key;
 * consumers deduplicate on {@code eventId}.
 */
@JsonIgnoreProperties(ignoreUnknown = true) // a newer producer may add fields; readers must not fail on them
public record EventEnvelope(UUID eventId, String type, String key, Instant occurredAt, int schemaVersion,
        JsonNode payload) {
}
