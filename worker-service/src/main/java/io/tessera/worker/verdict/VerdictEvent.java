package io.tessera.worker.verdict;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * quality-service's {@code worker.verdict} on {@code tessera.worker-scores} (docs/events.md): block the
 * worker in {@code scope} ({@code job} or {@code platform}), and with {@code rejectLabels} reverse
 * their earnings in the job.
 */
@JsonIgnoreProperties(ignoreUnknown = true) // a newer producer may add fields
public record VerdictEvent(UUID verdictId, UUID workerId, UUID jobId, UUID orgId, String scope, String action,
        String reason, JsonNode evidence, boolean rejectLabels, Instant decidedAt) {
    public static final String TYPE = "worker.verdict";
    public static final String BLOCK = "block";
}
