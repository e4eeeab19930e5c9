package io.tessera.worker.ledger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * What worker-service reads of task-service's {@code submission.created} (docs/events.md): the ledger
 * the reward, the fraud signals the label, its kind ({@code schema.kind}) and the duration. The rest
 * (gold answer, explanation, overlap) is ignored. {@code rewardCents} absent (an older producer)
 * counts as 0.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubmissionEvent(long submissionId, UUID jobId, UUID orgId, UUID workerId, boolean gold,
        Integer rewardCents, Instant submittedAt, JsonNode label, Long durationMs, JsonNode schema) {
    public static final String TYPE = "submission.created";

    /** The label kind from the job's schema, or null. */
    public String labelKind() {
        return schema == null || !schema.path("kind").isTextual() ? null : schema.path("kind").asText();
    }
}
