package io.tessera.task.submission;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * The answer to a submit; a retry with the same Idempotency-Key gets the same one. {@code feedback}
 * only in training jobs (absent from the JSON otherwise, so nothing tells a gold task apart).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmissionView(long submissionId, UUID assignmentId, Instant submittedAt, Feedback feedback) {
    public SubmissionView(long submissionId, UUID assignmentId, Instant submittedAt) {
        this(submissionId, assignmentId, submittedAt, null);
    }
}
