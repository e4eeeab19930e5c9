package io.tessera.worker.ledger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * What the ledger reads of task-service's {@code submission.created} (docs/events.md); the event
 * carries much more (label, schema, gold answer), which is ignored. {@code rewardCents} absent (an
 * older producer) counts as 0.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubmissionEvent(long submissionId, UUID jobId, UUID orgId, UUID workerId, boolean gold,
        Integer rewardCents, Instant submittedAt) {
    public static final String TYPE = "submission.created";
}
