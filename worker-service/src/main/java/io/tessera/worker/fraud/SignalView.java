package io.tessera.worker.fraud;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A fraud signal: {@code kind} {@code fast-answers}, {@code one-answer} (both about {@code jobId}),
 * {@code skip-streak} or {@code shared-address} (about the worker); {@code detail} holds the figures;
 * {@code blockId} the block the policy placed when it was first found. {@code vendorId} is the
 * worker's vendor now.
 */
public record SignalView(UUID id, UUID workerId, UUID vendorId, String kind, UUID jobId, JsonNode detail,
        Instant firstSeenAt, Instant lastSeenAt, UUID blockId) {
}
