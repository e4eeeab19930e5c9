package io.tessera.worker.block;

import io.tessera.worker.Actor;
import io.tessera.worker.Timestamps;
import io.tessera.worker.account.Account;
import io.tessera.worker.status.WorkerStatus;
import io.tessera.worker.status.WorkerStatusEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Places and lifts blocks and tells task-service, in the caller's transaction. The caller holds the
 * worker's lock ({@link WorkerStatus#lock}).
 *
 * <p>task-service keeps one row per (worker, scope, target), so worker-service publishes the union of
 * the worker's active blocks on that target after every change: {@code worker.blocked} with the
 * latest end (none if any block is indefinite) and the newest reason while at least one is active,
 * {@code worker.unblocked} when none is. Lifting one of two blocks on a job therefore keeps the
 * worker blocked there.
 */
@ApplicationScoped
public class Blocks {
    private final BlockRepository blocks;
    private final WorkerStatus status;
    private final Clock clock;

    public Blocks(BlockRepository blocks, WorkerStatus status, Clock clock) {
        this.blocks = blocks;
        this.status = status;
        this.clock = clock;
    }

    public Block place(Account worker, String scope, UUID orgId, UUID jobId, Instant until, String reason,
            String source, Actor by, UUID verdictId) {
        Block block = new Block();
        block.id = UUID.randomUUID();
        block.workerId = worker.id;
        block.scope = scope;
        block.orgId = Block.PLATFORM.equals(scope) ? null : orgId;
        block.jobId = Block.JOB.equals(scope) ? jobId : null;
        block.until = until == null ? null : until.truncatedTo(ChronoUnit.MICROS);
        block.reason = reason;
        block.source = source;
        block.createdBy = by.id();
        block.createdByRole = by.role();
        block.createdByVendor = by.vendor();
        block.verdictId = verdictId;
        block.createdAt = Timestamps.now(clock);
        blocks.persist(block);
        publish(block);
        return block;
    }

    /** Lifts {@code block} (no-op if lifted already); returns whether it changed. */
    public boolean lift(Block block, UUID by) {
        if (block.liftedAt != null) {
            return false;
        }
        block.liftedAt = Timestamps.now(clock);
        block.liftedBy = by;
        publish(block);
        return true;
    }

    /** Publishes the union of the worker's active blocks on {@code changed}'s scope and target. */
    private void publish(Block changed) {
        Instant now = clock.instant();
        List<Block> active = blocks.unlifted(changed.workerId).stream()
                .filter(b -> b.sameTarget(changed) && b.activeAt(now))
                .toList();
        if (active.isEmpty()) {
            status.unblocked(new WorkerStatusEvents.Unblocked(changed.workerId, changed.scope, changed.orgId,
                    changed.jobId));
            return;
        }
        Instant until = active.stream().anyMatch(b -> b.until == null) ? null
                : active.stream().map(b -> b.until).max(Comparator.naturalOrder()).orElseThrow();
        Block newest = active.get(active.size() - 1);
        UUID orgId = Block.JOB.equals(changed.scope) ? jobBlockOrg(active)
                : active.stream().map(b -> b.orgId).filter(Objects::nonNull).reduce((a, b) -> b).orElse(null);
        status.blocked(new WorkerStatusEvents.Blocked(changed.workerId, changed.scope, orgId, changed.jobId, until,
                newest.reason));
    }

    /**
     * The organisation task-service checks a job block against (it applies a job block only on a job
     * of that organisation, or on any job when null). A client's job block carries the client's
     * organisation, which worker-service cannot verify for a job it has not seen; blocks by admins,
     * vendor managers and the platform carry the job's organisation when known (from events), or none.
     * So: a trusted block without an organisation makes it null (the job is blocked whoever owns it);
     * otherwise a trusted block's organisation; only client blocks naming one organisation: that one;
     * client blocks naming several: one of them owns the job, so null.
     */
    static UUID jobBlockOrg(List<Block> active) {
        List<Block> trusted = active.stream()
                .filter(b -> !(Block.MANUAL.equals(b.source) && io.tessera.common.security.Caller.CLIENT.equals(b.createdByRole)))
                .toList();
        if (!trusted.isEmpty()) {
            return trusted.stream().anyMatch(b -> b.orgId == null) ? null : trusted.get(trusted.size() - 1).orgId;
        }
        List<UUID> orgs = active.stream().map(b -> b.orgId).distinct().toList();
        return orgs.size() == 1 ? orgs.get(0) : null;
    }
}
