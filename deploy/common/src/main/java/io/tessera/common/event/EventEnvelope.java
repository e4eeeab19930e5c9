package io.tessera.common.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * The one envelope of every event on every topic. {@code key} is also the Kafka record key;
 * consumers deduplicate on {@code eventId}.
 */
public record EventEnvelope(UUID eventId, String type, String key, Instant occurredAt, int schemaVersion,
        JsonNode payload) {
}
