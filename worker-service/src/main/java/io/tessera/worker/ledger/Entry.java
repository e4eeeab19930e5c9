package io.tessera.worker.ledger;

import java.time.Instant;
import java.util.UUID;

/**
 * One ledger entry as the API shows it. {@code kind} {@code reward} (with {@code submissionId}),
 * {@code reversal} (with {@code reverses}, the reward's entry id, and {@code verdictId} when a verdict
 * caused it), {@code bonus} or {@code adjustment} (with {@code reason}). Amounts are integer cents.
 */
public record Entry(long id, UUID workerId, UUID vendorId, String kind, long amountCents, UUID jobId, UUID orgId,
        Long submissionId, Long reverses, UUID verdictId, String reason, Instant occurredAt, Instant bookedAt) {
    public static final String REWARD = "reward";
    public static final String REVERSAL = "reversal";
    public static final String BONUS = "bonus";
    public static final String ADJUSTMENT = "adjustment";
}
