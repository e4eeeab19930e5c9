package io.tessera.worker.verdict;

import io.tessera.worker.Timestamps;
import io.tessera.worker.Actor;
import io.tessera.worker.block.Block;
import io.tessera.worker.block.Blocks;
import io.tessera.worker.job.KnownJobs;
import io.tessera.worker.ledger.Ledger;
import io.tessera.worker.status.WorkerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Carries out quality-service's verdicts, in the transaction of the consumed event: records the
 * verdict (once per verdict id, even if it arrives under two event ids), blocks the worker (which
 * publishes {@code worker.blocked}, so task-service releases their leases in scope) and, with
 * {@code rejectLabels}, reverses the worker's rewards in the job for submissions made until the verdict.
 */
@ApplicationScoped
public class Verdicts {
    private static final Logger LOG = Logger.getLogger(Verdicts.class);
    private static final Set<String> SCOPES = Set.of(Block.PLATFORM, Block.ORG, Block.JOB);
    private static final String RECORD = """
            INSERT INTO verdict (verdict_id, worker_id, job_id, org_id, scope, action, reason, evidence, reject_labels,
                                 decided_at, received_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CAST(?8 AS jsonb), ?9, ?10, ?11)
            ON CONFLICT (verdict_id) DO NOTHING""";

    private final EntityManager em;
    private final WorkerStatus status;
    private final Blocks blocks;
    private final KnownJobs jobs;
    private final Ledger ledger;
    private final Clock clock;

    public Verdicts(EntityManager em, WorkerStatus status, Blocks blocks, KnownJobs jobs, Ledger ledger, Clock clock) {
        this.em = em;
        this.status = status;
        this.blocks = blocks;
        this.jobs = jobs;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Applies a verdict; {@code occurredAt} (the envelope's) stands in for a missing {@code decidedAt}. */
    public void apply(VerdictEvent v, Instant occurredAt) {
        if (v.verdictId() == null || v.workerId() == null) {
            throw new IllegalArgumentException("a verdict needs verdictId and workerId");
        }
        Instant decidedAt = v.decidedAt() != null ? v.decidedAt() : occurredAt;
        int recorded = em.createNativeQuery(RECORD)
                .setParameter(1, v.verdictId())
                .setParameter(2, v.workerId())
                .setParameter(3, v.jobId())
                .setParameter(4, v.orgId())
                .setParameter(5, v.scope())
                .setParameter(6, v.action())
                .setParameter(7, v.reason())
                .setParameter(8, v.evidence() == null ? null : v.evidence().toString())
                .setParameter(9, v.rejectLabels())
                .setParameter(10, decidedAt)
                .setParameter(11, Timestamps.now(clock))
                .executeUpdate();
        if (recorded == 0) {
            return; // this verdict took effect before
        }
        jobs.record(v.jobId(), v.orgId());
        if (VerdictEvent.BLOCK.equals(v.action())) {
            block(v);
        }
        if (v.rejectLabels() && v.jobId() != null) {
            ledger.reject(v.workerId(), v.jobId(), v.orgId(), decidedAt, v.verdictId(), reason(v));
        }
    }

    private void block(VerdictEvent v) {
        String scope = v.scope() == null ? Block.JOB : v.scope();
        if (!SCOPES.contains(scope) || Block.JOB.equals(scope) && v.jobId() == null
                || Block.ORG.equals(scope) && v.orgId() == null) {
            LOG.warnf("Verdict %s has scope %s without its target; recorded, no block", v.verdictId(), scope);
            return;
        }
        status.lock(v.workerId()).ifPresentOrElse(
                worker -> blocks.place(worker, scope, v.orgId(), v.jobId(), null, reason(v), Block.VERDICT,
                        Actor.PLATFORM, v.verdictId()),
                () -> LOG.warnf("Verdict %s is about worker %s, who does not exist here; recorded, no block",
                        v.verdictId(), v.workerId()));
    }

    private static String reason(VerdictEvent v) {
        String reason = v.reason() == null || v.reason().isBlank() ? "quality verdict" : "quality verdict: " + v.reason();
        return reason.length() > 500 ? reason.substring(0, 500) : reason;
    }
}
