package io.tessera.worker.ledger;

import io.tessera.common.error.ApiProblem;
import io.tessera.worker.Actor;
import io.tessera.worker.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

/**
 * The earnings ledger, in plain SQL on Hibernate's connection (so in the caller's transaction).
 * Submissions are the heavy traffic here: one statement books a submission's reward. Entries are only
 * ever inserted; every sum is over integer cents in the database.
 *
 * <p>A submission's reward and a verdict's reversal of the worker's rewards in a job are serialised by
 * a transaction-scoped advisory lock on (worker, job): rewards take it shared (so the consumer's
 * batches, which book many workers' rewards in any order, never wait for each other and cannot
 * deadlock), a verdict takes it exclusive. So a reward committed before the verdict is reversed by
 * it, and a reward booked after it reads {@code rejected_through} and is reversed at once (a
 * submission made before the verdict but consumed after it is not paid either, nor one made after it).
 */
@ApplicationScoped
public class Ledger {
    /** {@code rejected_through} of a job whose work is rejected for good (a rejecting verdict). */
    static final Instant REJECTED_FOREVER = Instant.parse("9999-12-31T23:59:59Z");
    /**
     * Shared, on each (worker, job) of a batch of rewards, in one order: rewards never wait for each other,
     * only for a verdict on the same worker and job (exclusive).
     */
    private static final String LOCK_SHARED = """
            SELECT pg_advisory_xact_lock_shared(k)
            FROM (SELECT DISTINCT hashtextextended(w::text || j::text, 7) AS k FROM unnest(?::uuid[], ?::uuid[]) AS t(w, j)
                  ORDER BY k OFFSET 0) keys""";
    private static final String LOCK_EXCLUSIVE = "SELECT pg_advisory_xact_lock(hashtextextended(?::text || ?::text, 7))";
    /**
     * Books the rewards of a batch of submissions and answers the new rewards a verdict has already rejected.
     * {@code worker_job} is read as it was before the statement (a row it inserts has no rejection). Rows
     * are inserted in key order (DISTINCT ON sorts), so two consumer threads inserting the same new keys
     * wait for each other in one order, never in a cycle.
     */
    private static final String BOOK_REWARDS = """
            WITH input AS (
                SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::bigint[], ?::bigint[], ?::timestamptz[])
                    AS t(worker_id, job_id, org_id, cents, submission_id, occurred_at)),
            job AS (
                INSERT INTO known_job (job_id, org_id, first_seen_at)
                SELECT DISTINCT ON (job_id) job_id, org_id, ?::timestamptz FROM input WHERE org_id IS NOT NULL
                ON CONFLICT (job_id) DO NOTHING),
            wj AS (
                INSERT INTO worker_job (worker_id, job_id, org_id)
                SELECT DISTINCT ON (worker_id, job_id) worker_id, job_id, org_id FROM input
                ON CONFLICT (worker_id, job_id) DO NOTHING),
            reward AS (
                INSERT INTO ledger_entry (worker_id, vendor_id, kind, amount_cents, job_id, org_id, submission_id,
                                          occurred_at, booked_at)
                SELECT i.worker_id, (SELECT a.vendor_id FROM account a WHERE a.id = i.worker_id), 'reward', i.cents,
                       i.job_id, i.org_id, i.submission_id, i.occurred_at, ?::timestamptz
                FROM input i WHERE i.cents > 0
                ON CONFLICT (submission_id) WHERE kind = 'reward' DO NOTHING
                RETURNING id, worker_id, job_id, occurred_at)
            SELECT r.id FROM reward r JOIN worker_job w ON w.worker_id = r.worker_id AND w.job_id = r.job_id
            WHERE r.occurred_at <= w.rejected_through""";
    private static final String MARK_REJECTED = """
            INSERT INTO worker_job (worker_id, job_id, org_id, rejected_through) VALUES (?, ?, ?, ?)
            ON CONFLICT (worker_id, job_id) DO UPDATE
            SET rejected_through = greatest(worker_job.rejected_through, EXCLUDED.rejected_through),
                org_id = coalesce(worker_job.org_id, EXCLUDED.org_id)""";
    private static final String REVERSE = """
            INSERT INTO ledger_entry (worker_id, vendor_id, kind, amount_cents, job_id, org_id, reverses, verdict_id,
                                      reason, occurred_at, booked_at)
            SELECT r.worker_id, r.vendor_id, 'reversal', -r.amount_cents, r.job_id, r.org_id, r.id, ?::uuid, ?::text,
                   ?::timestamptz, ?::timestamptz
            FROM ledger_entry r
            WHERE r.kind = 'reward' AND r.worker_id = ? AND r.job_id = ? AND r.occurred_at <= ?
            ON CONFLICT (reverses) WHERE kind = 'reversal' DO NOTHING""";
    private static final String REVERSE_REWARDS = """
            INSERT INTO ledger_entry (worker_id, vendor_id, kind, amount_cents, job_id, org_id, reverses, verdict_id,
                                      reason, occurred_at, booked_at)
            SELECT r.worker_id, r.vendor_id, 'reversal', -r.amount_cents, r.job_id, r.org_id, r.id, NULL, ?::text,
                   ?::timestamptz, ?::timestamptz
            FROM ledger_entry r WHERE r.id = ANY(?)
            ON CONFLICT (reverses) WHERE kind = 'reversal' DO NOTHING""";
    private static final String BOOK = """
            INSERT INTO ledger_entry (worker_id, vendor_id, kind, amount_cents, job_id, org_id, actor, actor_role, reason,
                                      idempotency_key, occurred_at, booked_at)
            SELECT ?::uuid, (SELECT a.vendor_id FROM account a WHERE a.id = ?::uuid), ?::text, ?::bigint, ?::uuid, ?::uuid,
                   ?::uuid, ?::text, ?::text, ?::text, ?::timestamptz, ?::timestamptz
            ON CONFLICT (actor, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING id""";
    private static final String COLUMNS = """
            id, worker_id, vendor_id, kind, amount_cents, job_id, org_id, submission_id, reverses, verdict_id, reason,
            occurred_at, booked_at""";
    private static final String BY_KEY = "SELECT " + COLUMNS
            + " FROM ledger_entry WHERE actor = ? AND idempotency_key = ?";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM ledger_entry WHERE id = ?";
    private static final String OF_WORKER = "SELECT " + COLUMNS + " FROM ledger_entry WHERE id = ? AND worker_id = ?";
    private static final String WORKER_JOB_ORG = "SELECT org_id FROM worker_job WHERE worker_id = ? AND job_id = ?";
    private static final String PERIOD = " AND (?::timestamptz IS NULL OR booked_at >= ?) AND (?::timestamptz IS NULL OR booked_at < ?)";
    private static final String TOTALS = "SELECT kind, sum(amount_cents)::bigint, count(*) FROM ledger_entry WHERE %s = ?"
            + PERIOD + " GROUP BY kind";
    private static final String VENDOR_WORKERS = """
            SELECT worker_id, kind, sum(amount_cents)::bigint, count(*) FROM ledger_entry WHERE vendor_id = ?"""
            + PERIOD + " GROUP BY worker_id, kind ORDER BY worker_id, kind";
    private static final String ENTRIES = "SELECT " + COLUMNS + " FROM ledger_entry WHERE worker_id = ?" + PERIOD
            + " ORDER BY id DESC LIMIT ?";
    private static final String PAYOUTS = """
            SELECT e.worker_id, a.username, a.display_name, e.vendor_id, v.name, e.kind, sum(e.amount_cents)::bigint,
                   count(*)
            FROM ledger_entry e
            LEFT JOIN account a ON a.id = e.worker_id
            LEFT JOIN vendor v ON v.id = e.vendor_id
            WHERE e.booked_at >= ? AND e.booked_at < ?
            GROUP BY e.worker_id, a.username, a.display_name, e.vendor_id, v.name, e.kind
            ORDER BY v.name NULLS FIRST, e.vendor_id NULLS FIRST, a.username NULLS LAST, e.worker_id, e.kind""";

    private final EntityManager em;
    private final Clock clock;

    public Ledger(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /**
     * Books submissions' rewards (once per submissionId) in one statement; those of work already rejected
     * are reversed at once.
     */
    public void reward(List<SubmissionEvent> submissions) {
        Instant now = Timestamps.now(clock);
        int n = submissions.size();
        Object[] workers = new Object[n], jobs = new Object[n], orgs = new Object[n], cents = new Object[n],
                ids = new Object[n], at = new Object[n];
        for (int k = 0; k < n; k++) {
            SubmissionEvent s = submissions.get(k);
            if (s.workerId() == null || s.jobId() == null) {
                throw new IllegalArgumentException("submission " + s.submissionId() + " names no worker or job");
            }
            int reward = s.rewardCents() == null ? 0 : s.rewardCents();
            if (reward < 0) {
                throw new IllegalArgumentException("submission " + s.submissionId() + " has a negative reward");
            }
            workers[k] = s.workerId();
            jobs[k] = s.jobId();
            orgs[k] = s.orgId();
            cents[k] = (long) reward;
            ids[k] = s.submissionId();
            at[k] = (s.submittedAt() == null ? now : s.submittedAt()).toString(); // read exactly by ::timestamptz[]
        }
        work(c -> {
            try (PreparedStatement q = c.prepareStatement(LOCK_SHARED)) {
                q.setArray(1, c.createArrayOf("uuid", workers));
                q.setArray(2, c.createArrayOf("uuid", jobs));
                q.executeQuery().close();
            }
            List<Long> rejected = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(BOOK_REWARDS)) {
                q.setArray(1, c.createArrayOf("uuid", workers));
                q.setArray(2, c.createArrayOf("uuid", jobs));
                q.setArray(3, c.createArrayOf("uuid", orgs));
                q.setArray(4, c.createArrayOf("bigint", cents));
                q.setArray(5, c.createArrayOf("bigint", ids));
                q.setArray(6, c.createArrayOf("text", at));
                q.setTimestamp(7, Timestamp.from(now));
                q.setTimestamp(8, Timestamp.from(now));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rejected.add(rs.getLong(1));
                    }
                }
            }
            if (!rejected.isEmpty()) {
                try (PreparedStatement q = c.prepareStatement(REVERSE_REWARDS)) {
                    q.setString(1, "work in this job was rejected");
                    q.setTimestamp(2, Timestamp.from(now));
                    q.setTimestamp(3, Timestamp.from(now));
                    q.setArray(4, c.createArrayOf("bigint", rejected.toArray()));
                    q.executeUpdate();
                }
            }
            return null;
        });
    }

    /**
     * Rejects the worker's work in a job, all of it: reverses every reward booked so far (each once,
     * dated {@code decidedAt}), and marks the job so every later reward of the worker in it is reversed
     * at once. Later as well as earlier: quality-service stores a judged worker's later labels in the job
     * as rejected, and a worker keeps submitting until the block has travelled to task-service, so
     * work after the verdict is rejected work too. Returns the number of rewards reversed now.
     */
    public int reject(UUID workerId, UUID jobId, UUID orgId, Instant decidedAt, UUID verdictId, String reason) {
        Instant through = REJECTED_FOREVER;
        Instant now = Timestamps.now(clock);
        return work(c -> {
            lock(c, LOCK_EXCLUSIVE, workerId, jobId); // waits for rewards in flight; later ones see rejected_through
            try (PreparedStatement q = c.prepareStatement(MARK_REJECTED)) {
                q.setObject(1, workerId);
                q.setObject(2, jobId);
                q.setObject(3, orgId);
                q.setTimestamp(4, Timestamp.from(through));
                q.executeUpdate();
            }
            try (PreparedStatement q = c.prepareStatement(REVERSE)) {
                q.setObject(1, verdictId);
                q.setString(2, reason);
                q.setTimestamp(3, Timestamp.from(decidedAt));
                q.setTimestamp(4, Timestamp.from(now));
                q.setObject(5, workerId);
                q.setObject(6, jobId);
                q.setTimestamp(7, Timestamp.from(through));
                return q.executeUpdate();
            }
        });
    }

    /** The organisation of a job the worker has work in, as submission events told it. */
    public Optional<UUID> workerJobOrg(UUID workerId, UUID jobId) {
        return work(c -> {
            try (PreparedStatement q = c.prepareStatement(WORKER_JOB_ORG)) {
                q.setObject(1, workerId);
                q.setObject(2, jobId);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getObject(1, UUID.class)) : Optional.<UUID>empty();
                }
            }
        });
    }

    /**
     * Books a bonus or adjustment. With an {@code idempotencyKey} a retry of the same request by the
     * same caller returns the first entry ({@link Booked#replayed()}); the same key for a different
     * request is a 409.
     */
    public Booked book(String kind, UUID workerId, long cents, UUID jobId, UUID orgId, Actor by, String reason,
            String idempotencyKey) {
        Instant now = Timestamps.now(clock);
        return work(c -> {
            Long id;
            try (PreparedStatement q = c.prepareStatement(BOOK)) {
                int i = 1;
                q.setObject(i++, workerId);
                q.setObject(i++, workerId);
                q.setString(i++, kind);
                q.setLong(i++, cents);
                q.setObject(i++, jobId);
                q.setObject(i++, orgId);
                q.setObject(i++, by.id());
                q.setString(i++, by.role());
                q.setString(i++, reason);
                q.setString(i++, idempotencyKey);
                q.setTimestamp(i++, Timestamp.from(now));
                q.setTimestamp(i, Timestamp.from(now));
                try (ResultSet rs = q.executeQuery()) {
                    id = rs.next() ? rs.getLong(1) : null;
                }
            }
            if (id != null) {
                return new Booked(one(c, BY_ID, q -> q.setLong(1, id)).orElseThrow(), false);
            }
            Entry earlier = one(c, BY_KEY, q -> {
                q.setObject(1, by.id());
                q.setString(2, idempotencyKey);
            }).orElseThrow();
            if (!earlier.workerId().equals(workerId) || !earlier.kind().equals(kind) || earlier.amountCents() != cents
                    || !Objects.equals(earlier.jobId(), jobId)) {
                throw ApiProblem.conflict("This Idempotency-Key was already used for another request");
            }
            return new Booked(earlier, true);
        });
    }

    public Optional<Entry> entry(UUID workerId, long id) {
        return work(c -> one(c, OF_WORKER, q -> {
            q.setLong(1, id);
            q.setObject(2, workerId);
        }));
    }

    public Totals workerTotals(UUID workerId, Instant from, Instant to) {
        return totals("worker_id", workerId, from, to);
    }

    public Totals vendorTotals(UUID vendorId, Instant from, Instant to) {
        return totals("vendor_id", vendorId, from, to);
    }

    /** Per worker, the totals of the entries booked to {@code vendorId}. */
    public Map<UUID, Totals> vendorWorkers(UUID vendorId, Instant from, Instant to) {
        return work(c -> {
            Map<UUID, Totals> out = new LinkedHashMap<>();
            try (PreparedStatement q = c.prepareStatement(VENDOR_WORKERS)) {
                q.setObject(1, vendorId);
                period(q, 2, from, to);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        UUID worker = rs.getObject(1, UUID.class);
                        out.put(worker, out.getOrDefault(worker, Totals.ZERO).plus(rs.getString(2), rs.getLong(3),
                                rs.getLong(4)));
                    }
                }
            }
            return out;
        });
    }

    /** The worker's entries, newest first. */
    public List<Entry> entries(UUID workerId, Instant from, Instant to, int limit) {
        return work(c -> {
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(ENTRIES)) {
                q.setObject(1, workerId);
                period(q, 2, from, to);
                q.setInt(6, limit);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(entry(rs));
                    }
                }
            }
            return out;
        });
    }

    /** One row per worker and vendor with entries booked in [from, to), with the sums by kind. */
    public List<PayoutRow> payouts(Instant from, Instant to) {
        return work(c -> {
            Map<List<Object>, PayoutRow> rows = new LinkedHashMap<>();
            try (PreparedStatement q = c.prepareStatement(PAYOUTS)) {
                q.setTimestamp(1, Timestamp.from(from));
                q.setTimestamp(2, Timestamp.from(to));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        UUID worker = rs.getObject(1, UUID.class);
                        UUID vendor = rs.getObject(4, UUID.class);
                        List<Object> key = Arrays.asList(worker, vendor);
                        PayoutRow row = rows.get(key);
                        if (row == null) {
                            row = new PayoutRow(worker, rs.getString(2), rs.getString(3), vendor, rs.getString(5),
                                    Totals.ZERO);
                        }
                        rows.put(key, row.with(row.totals().plus(rs.getString(6), rs.getLong(7), rs.getLong(8))));
                    }
                }
            }
            return List.copyOf(rows.values());
        });
    }

    private Totals totals(String column, UUID id, Instant from, Instant to) {
        return work(c -> {
            Totals totals = Totals.ZERO;
            try (PreparedStatement q = c.prepareStatement(TOTALS.formatted(column))) {
                q.setObject(1, id);
                period(q, 2, from, to);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        totals = totals.plus(rs.getString(1), rs.getLong(2), rs.getLong(3));
                    }
                }
            }
            return totals;
        });
    }

    private static void lock(Connection c, String sql, UUID workerId, UUID jobId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setObject(1, workerId);
            q.setObject(2, jobId);
            q.executeQuery().close();
        }
    }

    private static void period(PreparedStatement q, int first, Instant from, Instant to) throws SQLException {
        Timestamp f = from == null ? null : Timestamp.from(from);
        Timestamp t = to == null ? null : Timestamp.from(to);
        q.setTimestamp(first, f);
        q.setTimestamp(first + 1, f);
        q.setTimestamp(first + 2, t);
        q.setTimestamp(first + 3, t);
    }

    private static Optional<Entry> one(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            binder.bind(q);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
            }
        }
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4),
                rs.getLong(5), rs.getObject(6, UUID.class), rs.getObject(7, UUID.class), rs.getObject(8, Long.class),
                rs.getObject(9, Long.class), rs.getObject(10, UUID.class), rs.getString(11),
                rs.getTimestamp(12).toInstant(), rs.getTimestamp(13).toInstant());
    }

    private <T> T work(ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement q) throws SQLException;
    }

    /** A booked bonus or adjustment; {@code replayed} when an Idempotency-Key retry found the first one. */
    public record Booked(Entry entry, boolean replayed) {
    }

    /** A payout line: one worker's entries booked to one vendor (or none) in a period. */
    public record PayoutRow(UUID workerId, String username, String displayName, UUID vendorId, String vendorName,
            Totals totals) {
        PayoutRow with(Totals t) {
            return new PayoutRow(workerId, username, displayName, vendorId, vendorName, t);
        }
    }
}
