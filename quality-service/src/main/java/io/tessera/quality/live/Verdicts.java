package io.tessera.quality.live;

import io.tessera.common.event.Topics;
import io.tessera.common.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Carries out a verdict in the transaction of the worker check after the events that triggered it
 * ({@link LiveDecisions}): records it (once per
 * worker and job), publishes {@code worker.verdict} (worker-service blocks the worker and settles
 * earnings; task-service then releases their leases), and, if the policy says so, rejects the
 * worker's labels in the job and reopens every item they labeled so the labels are collected again.
 */
@ApplicationScoped
public class Verdicts {
    private static final String RECORD = """
            INSERT INTO verdict (id, job_id, worker_id, scope, action, reason, evidence, reject_labels, decided_at)
            VALUES (?, ?, ?, ?, 'block', ?, ?::jsonb, ?, ?) ON CONFLICT (job_id, worker_id) DO NOTHING""";
    private static final String REJECT = """
            WITH rejected AS (
                UPDATE label SET rejected = true
                WHERE job_id = ? AND worker_id = ? AND NOT gold AND NOT rejected RETURNING item_id)
            SELECT r.item_id, count(*),
                   greatest(coalesce(d.required_labels, 0),
                            (SELECT max(a.required_labels) FROM label a WHERE a.item_id = r.item_id))
            FROM rejected r LEFT JOIN item_decision d ON d.item_id = r.item_id
            GROUP BY r.item_id, d.required_labels""";
    private static final String PENDING = """
            INSERT INTO item_decision (item_id, job_id, state, label, confidence, labels, required_labels, decided_at)
            VALUES (?, ?, 'extended', NULL, NULL, 0, ?, ?)
            ON CONFLICT (item_id) DO UPDATE SET state = 'extended', label = NULL, confidence = NULL,
                required_labels = EXCLUDED.required_labels, decided_at = EXCLUDED.decided_at""";
    private static final String EXISTING = "SELECT reject_labels FROM verdict WHERE job_id = ? AND worker_id = ?";

    private final Outbox outbox;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final Clock clock;

    public Verdicts(Outbox outbox, com.fasterxml.jackson.databind.ObjectMapper json, Clock clock) {
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    void issue(Connection c, SubmissionContext job, UUID worker, WorkerJudge.Finding finding) throws Exception {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        boolean reject = job.policy().rejects();
        try (PreparedStatement q = c.prepareStatement(RECORD)) {
            q.setObject(1, id);
            q.setObject(2, job.jobId());
            q.setObject(3, worker);
            q.setString(4, job.policy().scope());
            q.setString(5, finding.reason());
            q.setString(6, json.writeValueAsString(finding.evidence()));
            q.setBoolean(7, reject);
            q.setTimestamp(8, Timestamp.from(now));
            if (q.executeUpdate() == 0) {
                return; // judged before
            }
        }
        outbox.write(c, Topics.WORKER_SCORES, QualityEvents.WORKER_VERDICT, worker.toString(),
                new QualityEvents.WorkerVerdict(id, worker, job.jobId(), job.orgId(), job.policy().scope(), "block",
                        finding.reason(), finding.evidence(), reject, now));
        if (reject) {
            rejectLabels(c, job.jobId(), worker);
        }
    }

    /**
     * Whether the worker was judged in the job before. If so, and the verdict rejects labels, also
     * rejects the labels that committed after it: their events ran on another consumer thread while
     * the verdict was issued, read no verdict, and were stored counted (the verdict's rejection could
     * not see them yet). Run after those labels committed, under the (job, worker) lock.
     */
    boolean judgedBefore(Connection c, UUID jobId, UUID worker) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(EXISTING)) {
            q.setObject(1, jobId);
            q.setObject(2, worker);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                if (rs.getBoolean(1)) {
                    rejectLabels(c, jobId, worker);
                }
                return true;
            }
        }
    }

    private void rejectLabels(Connection c, UUID jobId, UUID worker) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(REJECT)) {
            q.setObject(1, jobId);
            q.setObject(2, worker);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    long item = rs.getLong(1);
                    // Slots in all = what the item needed (or had) so far + one per rejected label.
                    reopen(c, jobId, item, (int) (rs.getLong(3) + rs.getLong(2)), worker);
                }
            }
        }
    }

    /** Marks the item undecided and asks task-service for {@code required} slots in all. */
    void reopen(Connection c, UUID jobId, long item, int required, UUID rejectedWorker) throws SQLException {
        try (PreparedStatement pending = c.prepareStatement(PENDING)) {
            pending.setLong(1, item);
            pending.setObject(2, jobId);
            pending.setInt(3, required);
            pending.setTimestamp(4, Timestamp.from(clock.instant()));
            pending.executeUpdate();
        }
        outbox.write(c, Topics.TASK_DECISIONS, QualityEvents.ITEM_REOPENED, Long.toString(item),
                new QualityEvents.ItemReopened(jobId, item, required, rejectedWorker));
    }

    /** The job a verdict is about, as the triggering event tells it. */
    record SubmissionContext(UUID jobId, UUID orgId, Policy policy) {
    }
}
