package io.tessera.worker.block;

import java.time.Instant;
import java.util.UUID;

/**
 * A block as the API shows it. {@code createdBy}/{@code createdByRole} name who placed a manual block
 * (an account id, or a client's API key id); {@code source} {@code verdict} and {@code exam} blocks
 * were placed by the platform. {@code active}: not lifted and not ended at the time of the answer.
 */
public record BlockView(UUID id, UUID workerId, String scope, UUID orgId, UUID jobId, Instant until, String reason,
        String source, UUID createdBy, String createdByRole, UUID verdictId, Instant createdAt, Instant liftedAt,
        UUID liftedBy, boolean active) {
    static BlockView of(Block b, Instant now) {
        return new BlockView(b.id, b.workerId, b.scope, b.orgId, b.jobId, b.until, b.reason, b.source, b.createdBy,
                b.createdByRole, b.verdictId, b.createdAt, b.liftedAt, b.liftedBy, b.activeAt(now));
    }
}
