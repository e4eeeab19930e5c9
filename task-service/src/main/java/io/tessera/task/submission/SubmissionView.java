package io.tessera.task.submission;

import java.time.Instant;
import java.util.UUID;

/** The answer to a submit; a retry with the same Idempotency-Key gets the same one. */
public record SubmissionView(long submissionId, UUID assignmentId, Instant submittedAt) {
}
