package io.tessera.quality.live;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** What quality-service reads of task-service's {@code submission.created} (a tolerant reader: unknown fields are ignored). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubmissionEvent(long submissionId, UUID jobId, UUID orgId, long itemId, UUID workerId, JsonNode label,
        Long durationMs, boolean gold, JsonNode goldAnswer, String explanation, int requiredLabels, int maxOverlap,
        JsonNode schema, Policy quality, Instant submittedAt) {
    public static final String TYPE = "submission.created";
}
