package io.tessera.task.submission;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.task.schema.LabelSchema;
import java.time.Instant;
import java.util.UUID;

/**
 * Payload of {@code submission.created} on {@code tessera.submissions}, keyed by item id. It carries
 * what quality-service needs to decide on the item without calling back: the schema, how many
 * labels the item needs now and at most, for gold items the answer (services only; never shown to
 * workers), the job's reward per accepted label for the earnings ledger, and the job's quality
 * policy (how to decide items and judge workers).
 */
public record SubmissionCreated(long submissionId, UUID assignmentId, UUID jobId, UUID orgId, long itemId,
        UUID workerId, JsonNode label, Long durationMs, boolean gold, JsonNode goldAnswer, String explanation,
        int requiredLabels, int maxOverlap, LabelSchema schema, int rewardCents, JsonNode quality,
        Instant submittedAt) {
    public static final String TYPE = "submission.created";
}
