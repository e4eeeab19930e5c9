package io.tessera.worker.fraud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.tessera.worker.Actor;
import io.tessera.worker.Timestamps;
import io.tessera.worker.block.Block;
import io.tessera.worker.block.Blocks;
import io.tessera.worker.job.KnownJobs;
import io.tessera.worker.status.WorkerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;
import org.jboss.logging.Logger;

/**
 * Computes fraud signals from the recorded facts, every {@code tessera.fraud.interval}. A scan only
 * looks at workers (and jobs) with facts recorded since the previous scan (minus a margin for
 * transactions that were still open), over the last {@code tessera.fraud.window} (per worker and job,
 * the latest {@code tessera.fraud.recent-answers} answers); a signal is one row per worker, kind and
 * target, updated while it keeps being found. A signal found for the first
 * time blocks the worker when the kind's policy says {@code block}. Several instances may run it:
 * a transaction-scoped advisory lock lets one scan at a time, the others skip.
 */
@ApplicationScoped
public class FraudScan {
    private static final Logger LOG = Logger.getLogger(FraudScan.class);
    static final String FAST = "fast-answers";
    static final String ONE_ANSWER = "one-answer";
    static final String SKIPS = "skip-streak";
    static final String SHARED_ADDRESS = "shared-address";
    private static final UUID NO_TARGET = new UUID(0, 0);
    /** Facts recorded this long before the previous scan are looked at again: their transaction may have been open then. */
    private static final Duration MARGIN = Duration.ofMinutes(5);

    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('tessera.fraud-scan'))";
    private static final String LAST_SCAN = "SELECT scanned_through FROM fraud_scan WHERE id = 1";
    private static final String SAVE_SCAN = """
            INSERT INTO fraud_scan (id, scanned_through) VALUES (1, ?)
            ON CONFLICT (id) DO UPDATE SET scanned_through = EXCLUDED.scanned_through""";
    /** The workers and jobs with answers recorded since the previous scan (minus the margin): the only ones looked at. */
    private static final String ACTIVE_PAIRS = """
            SELECT array_agg(worker_id), array_agg(job_id) FROM (
                SELECT DISTINCT worker_id, job_id FROM activity WHERE recorded_at > ? AND type = 'submit') active""";
    /**
     * Each active worker's latest answers in the job ({@code recent-answers} at most, newest first through
     * activity_worker_job_idx), not all of the window: a scan's work grows with the active workers, not with
     * their history (before, every scan read every answer of the window).
     */
    private static final String FAST_ANSWERS = """
            SELECT p.worker_id, p.job_id, min(r.label_kind), min(f.floor_ms), count(*),
                   count(*) FILTER (WHERE r.duration_ms < f.floor_ms)
            FROM unnest(?::uuid[], ?::uuid[]) AS p (worker_id, job_id)
            CROSS JOIN LATERAL (SELECT a.label_kind, a.duration_ms FROM activity a
                                WHERE a.worker_id = p.worker_id AND a.job_id = p.job_id AND a.at > ?
                                  AND a.type = 'submit' AND a.duration_ms IS NOT NULL
                                ORDER BY a.at DESC LIMIT ?) r
            JOIN unnest(?::text[], ?::bigint[]) AS f (kind, floor_ms) ON f.kind = r.label_kind
            GROUP BY p.worker_id, p.job_id
            HAVING count(*) >= ? AND 100 * count(*) FILTER (WHERE r.duration_ms < f.floor_ms) >= ? * count(*)""";
    private static final String ONE_ANSWERS = """
            SELECT p.worker_id, p.job_id, min(r.label_kind), count(*)
            FROM unnest(?::uuid[], ?::uuid[]) AS p (worker_id, job_id)
            CROSS JOIN LATERAL (SELECT a.label_kind, a.label_hash FROM activity a
                                WHERE a.worker_id = p.worker_id AND a.job_id = p.job_id AND a.at > ?
                                  AND a.type = 'submit' AND NOT a.gold AND a.label_hash IS NOT NULL
                                ORDER BY a.at DESC LIMIT ?) r
            GROUP BY p.worker_id, p.job_id
            HAVING count(*) >= ? AND count(DISTINCT r.label_hash) = 1""";
    private static final String SKIP_STREAKS = """
            SELECT s.worker_id, count(*), min(s.at), max(s.at)
            FROM activity s
            WHERE s.type = 'skip' AND s.at > ?
              AND s.worker_id IN (SELECT worker_id FROM activity WHERE recorded_at > ? AND type = 'skip')
              AND s.at > coalesce((SELECT max(t.at) FROM activity t WHERE t.worker_id = s.worker_id AND t.type = 'submit'),
                                  '-infinity')
            GROUP BY s.worker_id
            HAVING count(*) >= ?""";
    private static final String SHARED_ADDRESSES = """
            SELECT si.address, array_agg(DISTINCT si.account_id)
            FROM sign_in si JOIN account a ON a.id = si.account_id
            WHERE si.at > ? AND a.vendor_id IS NULL
              AND si.address IN (SELECT address FROM sign_in WHERE at > ?)
            GROUP BY si.address
            HAVING count(DISTINCT si.account_id) >= ?""";
    /**
     * Every signal of a scan in one statement (found again: its figures and last_seen_at); answers the ids
     * of the rows it inserted. One statement per signal made the scan's transaction last seconds under load
     * when every worker was found (a fresh database under the benchmark: 7 s, every minute), and a long
     * transaction anywhere on the cluster slows the claim path (docs/easy-to-get-wrong.md).
     */
    private static final String UPSERT_SIGNALS = """
            INSERT INTO fraud_signal (id, worker_id, kind, job_id, target, detail, first_seen_at, last_seen_at)
            SELECT id, worker_id, kind, job_id, target, detail::jsonb, ?, ?
            FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::uuid[], ?::uuid[], ?::text[])
                AS f(id, worker_id, kind, job_id, target, detail)
            ON CONFLICT (worker_id, kind, target) DO UPDATE SET detail = EXCLUDED.detail, last_seen_at = EXCLUDED.last_seen_at
            RETURNING id, xmax = 0""";
    private static final String SET_BLOCK = "UPDATE fraud_signal SET block_id = ? WHERE id = ?";
    private static final String PRUNE_ACTIVITY = "DELETE FROM activity WHERE recorded_at < ?";
    private static final String PRUNE_SIGN_INS = "DELETE FROM sign_in WHERE at < ?";

    private final EntityManager em;
    private final FraudConfig config;
    private final WorkerStatus status;
    private final Blocks blocks;
    private final KnownJobs jobs;
    private final ObjectMapper json;
    private final Clock clock;

    public FraudScan(EntityManager em, FraudConfig config, WorkerStatus status, Blocks blocks, KnownJobs jobs,
            ObjectMapper json, Clock clock) {
        this.em = em;
        this.config = config;
        this.status = status;
        this.blocks = blocks;
        this.jobs = jobs;
        this.json = json;
        this.clock = clock;
    }

    @Scheduled(every = "${tessera.fraud.interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "10s")
    void scheduled() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Fraud scan failed; the next one looks at the same facts again");
        }
    }

    /** Runs one scan; returns the signals found (new or again), or -1 when another instance is scanning. */
    @Transactional
    public int scan() {
        Instant now = Timestamps.now(clock);
        Instant windowStart = now.minus(config.window());
        List<Found> found = new ArrayList<>();
        boolean locked = work(c -> {
            if (!bool(c, TRY_LOCK)) {
                return false;
            }
            Instant last = instant(c, LAST_SCAN);
            Instant since = (last == null ? windowStart : last.minus(MARGIN));
            ActivePairs active = activePairs(c, since);
            if (active != null) {
                found.addAll(fastAnswers(c, active, windowStart));
                found.addAll(oneAnswers(c, active, windowStart));
            }
            found.addAll(skipStreaks(c, windowStart, since));
            found.addAll(sharedAddresses(c, windowStart, since));
            try (PreparedStatement q = c.prepareStatement(SAVE_SCAN)) {
                q.setTimestamp(1, Timestamp.from(now));
                q.executeUpdate();
            }
            Timestamp oldest = Timestamp.from(now.minus(config.retention()));
            for (String prune : List.of(PRUNE_ACTIVITY, PRUNE_SIGN_INS)) {
                try (PreparedStatement q = c.prepareStatement(prune)) {
                    q.setTimestamp(1, oldest);
                    q.executeUpdate();
                }
            }
            return true;
        });
        if (!locked) {
            return -1;
        }
        record(found, now);
        return found.size();
    }

    /** Upserts the signals; a signal found for the first time blocks the worker when its kind's policy says so. */
    private void record(List<Found> found, Instant now) {
        Map<SignalKey, Found> byKey = new LinkedHashMap<>(); // the statement may touch each row once
        for (Found f : found) {
            byKey.put(new SignalKey(f.workerId(), f.kind(), target(f)), f);
        }
        if (byKey.isEmpty()) {
            return;
        }
        Map<UUID, Found> byId = new LinkedHashMap<>();
        byKey.values().forEach(f -> byId.put(UUID.randomUUID(), f));
        List<UUID> inserted = work(c -> {
            try (PreparedStatement q = c.prepareStatement(UPSERT_SIGNALS)) {
                Collection<Found> signals = byId.values();
                q.setTimestamp(1, Timestamp.from(now));
                q.setTimestamp(2, Timestamp.from(now));
                q.setArray(3, c.createArrayOf("uuid", byId.keySet().toArray()));
                q.setArray(4, c.createArrayOf("uuid", signals.stream().map(Found::workerId).toArray()));
                q.setArray(5, c.createArrayOf("text", signals.stream().map(Found::kind).toArray()));
                q.setArray(6, c.createArrayOf("uuid", signals.stream().map(Found::jobId).toArray()));
                q.setArray(7, c.createArrayOf("uuid", signals.stream().map(FraudScan::target).toArray()));
                List<String> details = new ArrayList<>();
                for (Found f : signals) {
                    details.add(json.writeValueAsString(f.detail()));
                }
                q.setArray(8, c.createArrayOf("text", details.toArray()));
                List<UUID> ids = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getBoolean(2)) {
                            ids.add(rs.getObject(1, UUID.class));
                        }
                    }
                }
                return ids;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
        for (UUID id : inserted) {
            Found f = byId.get(id);
            if ("block".equals(config.policy().getOrDefault(f.kind(), "none"))) {
                block(f, id);
            }
        }
    }

    /** fraud_signal's conflict key. */
    private record SignalKey(UUID workerId, String kind, UUID target) {
    }

    private static UUID target(Found f) {
        return f.jobId() == null ? NO_TARGET : f.jobId();
    }

    private void block(Found f, UUID signal) {
        status.lock(f.workerId()).ifPresent(worker -> {
            String scope = f.jobId() == null ? Block.PLATFORM : Block.JOB;
            UUID org = f.jobId() == null ? null : jobs.orgOf(f.jobId()).orElse(null);
            Block block = blocks.place(worker, scope, org, f.jobId(), null, "fraud signal: " + f.summary(), Block.FRAUD,
                    Actor.PLATFORM, null);
            work(c -> {
                try (PreparedStatement q = c.prepareStatement(SET_BLOCK)) {
                    q.setObject(1, block.id);
                    q.setObject(2, signal);
                    return q.executeUpdate();
                }
            });
        });
    }

    /** Workers and jobs as two parallel arrays, or null when nobody answered since {@code since}. */
    private record ActivePairs(Array workers, Array jobs) {
    }

    private static ActivePairs activePairs(Connection c, Instant since) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(ACTIVE_PAIRS)) {
            q.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getArray(1) == null ? null : new ActivePairs(rs.getArray(1), rs.getArray(2));
            }
        }
    }

    private List<Found> fastAnswers(Connection c, ActivePairs active, Instant windowStart) throws SQLException {
        Map<String, Duration> floors = config.floor();
        if (floors.isEmpty()) {
            return List.of();
        }
        List<Found> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(FAST_ANSWERS)) {
            q.setArray(1, active.workers());
            q.setArray(2, active.jobs());
            q.setTimestamp(3, Timestamp.from(windowStart));
            q.setInt(4, config.recentAnswers());
            q.setArray(5, c.createArrayOf("text", floors.keySet().toArray()));
            q.setArray(6, c.createArrayOf("bigint", floors.values().stream().map(Duration::toMillis).toArray()));
            q.setInt(7, config.fastMinAnswers());
            q.setInt(8, config.fastPercent());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put("labelKind", rs.getString(3));
                    detail.put("floorMs", rs.getLong(4));
                    detail.put("answers", rs.getLong(5));
                    detail.put("fastAnswers", rs.getLong(6));
                    out.add(new Found(rs.getObject(1, UUID.class), FAST, rs.getObject(2, UUID.class), detail,
                            rs.getLong(6) + " of " + rs.getLong(5) + " answers faster than " + rs.getLong(4) + " ms"));
                }
            }
        }
        return out;
    }

    private List<Found> oneAnswers(Connection c, ActivePairs active, Instant windowStart) throws SQLException {
        List<Found> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(ONE_ANSWERS)) {
            q.setArray(1, active.workers());
            q.setArray(2, active.jobs());
            q.setTimestamp(3, Timestamp.from(windowStart));
            q.setInt(4, config.recentAnswers());
            q.setInt(5, config.oneAnswerMin());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put("labelKind", rs.getString(3));
                    detail.put("answers", rs.getLong(4));
                    out.add(new Found(rs.getObject(1, UUID.class), ONE_ANSWER, rs.getObject(2, UUID.class), detail,
                            "the same label for all " + rs.getLong(4) + " answers"));
                }
            }
        }
        return out;
    }

    private List<Found> skipStreaks(Connection c, Instant windowStart, Instant since) throws SQLException {
        List<Found> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(SKIP_STREAKS)) {
            q.setTimestamp(1, Timestamp.from(windowStart));
            q.setTimestamp(2, Timestamp.from(since));
            q.setInt(3, config.skipStreak());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put("skips", rs.getLong(2));
                    detail.put("firstSkipAt", rs.getTimestamp(3).toInstant().toString());
                    detail.put("lastSkipAt", rs.getTimestamp(4).toInstant().toString());
                    out.add(new Found(rs.getObject(1, UUID.class), SKIPS, null, detail,
                            rs.getLong(2) + " skips since the last submission"));
                }
            }
        }
        return out;
    }

    private List<Found> sharedAddresses(Connection c, Instant windowStart, Instant since) throws SQLException {
        List<Found> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(SHARED_ADDRESSES)) {
            q.setTimestamp(1, Timestamp.from(windowStart));
            q.setTimestamp(2, Timestamp.from(since));
            q.setInt(3, config.sharedAddressAccounts());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String address = rs.getString(1);
                    UUID[] accounts = (UUID[]) rs.getArray(2).getArray();
                    List<String> ids = Arrays.stream(accounts).map(UUID::toString).sorted().toList();
                    for (UUID account : accounts) {
                        Map<String, Object> detail = new LinkedHashMap<>();
                        detail.put("address", address);
                        detail.put("accounts", ids);
                        out.add(new Found(account, SHARED_ADDRESS, null, detail,
                                ids.size() + " remote worker accounts signed in from " + address));
                    }
                }
            }
        }
        return out;
    }

    private static boolean bool(Connection c, String sql) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static Instant instant(Connection c, String sql) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
            return rs.next() ? rs.getTimestamp(1).toInstant() : null;
        }
    }

    private <T> T work(ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }

    /** A signal found by a scan: who, what, in which job (null: worker-wide), the figures, a one-line summary. */
    record Found(UUID workerId, String kind, UUID jobId, Map<String, Object> detail, String summary) {
    }
}
