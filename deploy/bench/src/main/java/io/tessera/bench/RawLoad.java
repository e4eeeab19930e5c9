package io.tessera.bench;

import io.tessera.common.id.TimeOrderedIds;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;

/**
 * The raw-SQL ceiling: the same claim and submit work as the service, as plain JDBC over TCP
 * against a scratch database with the service's schema, with no HTTP, no JSON, no pool, no JTA
 * and no think time. Each thread has its own connection and acts for its own share of the worker
 * ids in turn, claiming one task in one transaction (the service's jobs query + CLAIM_REGULAR)
 * and submitting it in a second (BY_KEY, CONTEXT, FINISH_ASSIGNMENT, FINISH_SLOT, INSERT, outbox
 * INSERT), exactly the statements and transactions of ClaimService and SubmissionService with a
 * gold rate of 0. Not included: the outbox relay (rows stay in the outbox) and everything
 * downstream (quality-service, decisions); the service pays for those on the same two cores.
 */
final class RawLoad {
    static final String DATABASE = "tessera_bench";
    private static final String TOPIC = "tessera.submissions";
    /** What the service uses for its claims: the same environment variable, the same default. */
    private static final String CLAIM_COMMIT_MODE =
            System.getenv().getOrDefault("TESSERA_CLAIMS_SYNCHRONOUS_COMMIT", "off");
    private static final String SCHEMA = "{\"kind\":\"categorical\",\"labels\":[\"pos\",\"neg\"]}";

    private final Options o;
    private final ServiceSql sql;
    private final String url;

    RawLoad(Options o, ServiceSql sql) {
        this.o = o;
        this.sql = sql;
        this.url = o.jdbcUrl(DATABASE);
    }

    /** Drops and recreates the scratch database and migrates it with the service's Flyway scripts. */
    void createDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(o.jdbcUrl("postgres"), o.dbUser, o.dbPassword);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DATABASE);
        }
        Flyway.configure().dataSource(url, o.dbUser, o.dbPassword)
                .locations("classpath:db/migration", "classpath:db/common").load().migrate();
    }

    /**
     * A running job with {@code items} items and 3 open slots each, made with the service's own
     * upload statement (ItemService.INSERT), {@code batch} items per statement like the upload.
     */
    UUID createJob(int items, int batch) throws SQLException {
        UUID job = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(url, o.dbUser, o.dbPassword)) {
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement("""
                    INSERT INTO job (id, org_id, name, instructions, label_schema, overlap, max_overlap, gold_rate,
                                     lease_seconds, state, created_at, started_at)
                    VALUES (?, ?, 'bench', 'Is the review positive?', ?::jsonb, 3, 3, 0, 600, 'running', now(), now())""")) {
                q.setObject(1, job);
                q.setObject(2, UUID.randomUUID());
                q.setString(3, SCHEMA);
                q.executeUpdate();
            }
            for (int from = 1; from <= items; from += batch) {
                int to = Math.min(items, from + batch - 1);
                String[] ids = new String[to - from + 1];
                String[] data = new String[ids.length];
                for (int i = from; i <= to; i++) {
                    ids[i - from] = "i" + i;
                    data[i - from] = "{\"text\":\"Review " + i + ": " + Bench.ITEM_TEXT + "\"}";
                }
                try (PreparedStatement q = c.prepareStatement(sql.items.sql())) {
                    q.setObject(1, job);
                    q.setBoolean(2, false);
                    q.setInt(3, 3);
                    q.setArray(4, c.createArrayOf("text", ids));
                    q.setArray(5, c.createArrayOf("text", data));
                    q.setArray(6, c.createArrayOf("text", new String[ids.length]));
                    q.setArray(7, c.createArrayOf("text", new String[ids.length]));
                    q.setObject(8, job);
                    q.executeUpdate();
                }
            }
            c.commit();
        }
        return job;
    }

    /** One measurement: {@code threads} connections doing claim + submit until the window ends. */
    Measurement run(UUID job, int threads, int rep, Cpu cpu, DbStats dbStats, UUID[] workers, WaitSampler waits) throws Exception {
        return run(job, threads, rep, cpu, dbStats, workers, waits, "raw", o.warmup, o.seconds);
    }

    Measurement run(UUID job, int threads, int rep, Cpu cpu, DbStats dbStats, UUID[] workers, WaitSampler waits,
            String side, int warmupSeconds, int seconds) throws Exception {
        long warmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        long end = warmupEnd + seconds * 1_000_000_000L;
        List<Stats.Samples> claimLat = new ArrayList<>();
        List<Stats.Samples> submitLat = new ArrayList<>();
        AtomicLong labels = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong noWork = new AtomicLong();
        Map<String, Long> problems = new ConcurrentHashMap<>();
        List<Connection> connections = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Connection c = DriverManager.getConnection(url, o.dbUser, o.dbPassword);
            c.setAutoCommit(false);
            connections.add(c);
        }
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Stats.Samples cl = new Stats.Samples();
            Stats.Samples sl = new Stats.Samples();
            claimLat.add(cl);
            submitLat.add(sl);
            List<UUID> mine = new ArrayList<>();
            for (int w = t; w < workers.length; w += threads) {
                mine.add(workers[w]);
            }
            if (mine.isEmpty()) {
                mine.add(UUID.randomUUID());
            }
            Connection c = connections.get(t);
            Thread th = new Thread(null, () -> loop(c, job, mine, warmupEnd, end, cl, sl, labels, errors, noWork, problems),
                    "raw-" + t, 512 * 1024);
            th.setDaemon(true);
            running.add(th);
        }
        running.forEach(Thread::start);
        Bench.sleepUntil(warmupEnd);
        Cpu.Snapshot a = cpu.snapshot();
        DbStats.Snapshot da = dbStats.snapshot();
        DbStats.Reads ra = dbStats.reads(DATABASE);
        if (waits != null) {
            waits.start(end);
        }
        Bench.sleepUntil(end);
        Cpu.Snapshot b = cpu.snapshot();
        DbStats.Snapshot db = dbStats.snapshot();
        DbStats.Reads rb = dbStats.reads(DATABASE);
        for (Thread th : running) {
            th.join(60_000);
        }
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        long[] claims = Stats.Samples.merge(claimLat);
        long[] submits = Stats.Samples.merge(submitLat);
        return new Measurement(side, threads, rep, seconds, labels.get(), Stats.percentileMs(claims, 0.50),
                Stats.percentileMs(claims, 0.95), Stats.percentileMs(claims, 0.99), Stats.percentileMs(submits, 0.50),
                Stats.percentileMs(submits, 0.99), errors.get(), noWork.get(), Cpu.shares(a, b),
                new java.util.TreeMap<>(problems), waits == null ? null : waits.report(),
                DbStats.perLabel(da, db, labels.get(), seconds), DbStats.topReads(ra, rb, labels.get(), 8));
    }

    private void loop(Connection c, UUID job, List<UUID> workers, long warmupEnd, long end, Stats.Samples claimLat,
            Stats.Samples submitLat, AtomicLong labels, AtomicLong errors, AtomicLong noWork, Map<String, Long> problems) {
        int next = 0;
        while (!Bench.stopping()) {
            long t0 = System.nanoTime();
            if (t0 >= end) {
                return;
            }
            UUID worker = workers.get(next++ % workers.size());
            Claimed claimed;
            try {
                claimed = claim(c, job, worker);
            } catch (SQLException e) {
                rollback(c);
                errors.incrementAndGet();
                problems.merge("claim " + e.getSQLState(), 1L, Long::sum);
                continue;
            }
            long t1 = System.nanoTime();
            if (t0 >= warmupEnd) {
                claimLat.add(t1 - t0);
            }
            if (claimed == null) {
                noWork.incrementAndGet();
                continue;
            }
            try {
                submit(c, claimed, worker);
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                errors.incrementAndGet();
                problems.merge("submit " + (e instanceof SQLException s ? s.getSQLState() : e.toString()), 1L, Long::sum);
                continue;
            }
            long t2 = System.nanoTime();
            if (t2 >= warmupEnd && t2 < end) {
                labels.incrementAndGet();
            }
            if (t1 >= warmupEnd) {
                submitLat.add(t2 - t1);
            }
        }
    }

    private record Claimed(UUID assignmentId, int maxOverlap) {
    }

    /** ClaimService.claim for max = 1 and gold rate 0: the jobs query, CLAIM_REGULAR, commit; retried on 23505. */
    private Claimed claim(Connection c, UUID job, UUID worker) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                int maxOverlap = 0;
                int leaseSeconds = 0;
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                if (sql.claimCommitMode != null) { // the service's claim transaction sets it first
                    try (PreparedStatement q = c.prepareStatement(sql.claimCommitMode.sql())) {
                        q.setString(1, CLAIM_COMMIT_MODE);
                        q.execute();
                    }
                }
                try (PreparedStatement q = c.prepareStatement(sql.jobs.sql())) {
                    if (sql.jobs.params() >= 7) { // ELIGIBLE_JOBS: worker, job, job, vendor, worker, worker, now[, job | , job, worker, job]
                        q.setObject(1, worker);
                        q.setObject(2, job);
                        q.setObject(3, job);
                        q.setObject(4, null);
                        q.setObject(5, worker);
                        q.setObject(6, worker);
                        q.setTimestamp(7, Timestamp.from(now));
                        if (sql.jobs.params() == 8) {
                            q.setObject(8, job);
                        } else if (sql.jobs.params() == 10) { // purpose filter (job), grantsQualification (worker)
                            q.setObject(8, job);
                            q.setObject(9, worker);
                            q.setObject(10, job);
                        }
                    } else { // RUNNING_JOBS: job, job
                        q.setObject(1, job);
                        q.setObject(2, job);
                    }
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            rs.getString(2); // the schema and instructions travel like in the service
                            rs.getString(3);
                            leaseSeconds = rs.getInt(5);
                            maxOverlap = rs.getInt(6);
                        }
                    }
                }
                Claimed out = null;
                boolean limitsInText = sql.claim.params() == 7;
                // Limits in the text: one task, so one candidate slot, as ClaimService.claimRegular(1, maxOverlap).
                try (PreparedStatement q = c.prepareStatement(
                        limitsInText ? sql.claim.sql().formatted(1, 1) : sql.claim.sql())) {
                    int i = 1;
                    q.setObject(i++, job);
                    q.setObject(i++, worker);
                    if (!limitsInText) {
                        q.setInt(i++, maxOverlap);
                        q.setInt(i++, 1);
                    }
                    q.setObject(i++, worker);
                    q.setObject(i++, job);
                    q.setTimestamp(i++, Timestamp.from(now));
                    q.setTimestamp(i++, Timestamp.from(now.plusSeconds(leaseSeconds)));
                    if (sql.claim.params() != 8) { // 7 and 9 end with it
                        q.setBoolean(i, false); // pairwise: not for this categorical job
                    }
                    try (ResultSet rs = q.executeQuery()) {
                        if (rs.next()) {
                            out = new Claimed(rs.getObject(1, UUID.class), maxOverlap);
                            rs.getString(2);
                        }
                    }
                }
                c.commit();
                return out;
            } catch (SQLException e) {
                rollback(c);
                if (!"23505".equals(e.getSQLState()) || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /** SubmissionService.submit: BY_KEY, CONTEXT, FINISH_ASSIGNMENT, FINISH_SLOT, INSERT, outbox INSERT, commit. */
    private void submit(Connection c, Claimed claimed, UUID worker) throws SQLException {
        UUID id = claimed.assignmentId;
        String key = id.toString();
        try (PreparedStatement q = c.prepareStatement(sql.byKey.sql())) {
            q.setObject(1, worker);
            q.setString(2, key);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    throw new IllegalStateException("idempotency key already used");
                }
            }
        }
        long itemId;
        int slot;
        UUID jobId;
        UUID orgId;
        try (PreparedStatement q = c.prepareStatement(sql.context.sql())) {
            q.setObject(1, id);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("assignment not found");
                }
                itemId = rs.getLong(4);
                slot = rs.getInt(5);
                jobId = rs.getObject(6, UUID.class);
                orgId = rs.getObject(8, UUID.class);
                rs.getString(9); // the schema and gold answer travel like in the service
                rs.getString(12);
            }
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (PreparedStatement q = c.prepareStatement(sql.finishAssignment.sql())) {
            q.setObject(1, id);
            if (sql.finishAssignment.params() == 2) {
                q.setTimestamp(2, Timestamp.from(now));
            }
            if (q.executeUpdate() != 1) {
                throw new IllegalStateException("assignment not leased");
            }
        }
        try (PreparedStatement q = c.prepareStatement(sql.finishSlot.sql())) {
            q.setLong(1, itemId);
            q.setInt(2, slot);
            q.setObject(3, id);
            if (q.executeUpdate() != 1) {
                throw new IllegalStateException("slot not leased");
            }
        }
        long submissionId;
        String label = "\"pos\"";
        try (PreparedStatement q = c.prepareStatement(sql.insertSubmission.sql())) {
            q.setObject(1, id);
            q.setLong(2, itemId);
            q.setObject(3, jobId);
            q.setObject(4, worker);
            q.setString(5, label);
            q.setObject(6, (long) o.thinkMs);
            q.setString(7, key);
            q.setTimestamp(8, Timestamp.from(now));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                submissionId = rs.getLong(1);
            }
        }
        try (PreparedStatement q = c.prepareStatement(sql.insertOutbox.sql())) {
            UUID eventId = TimeOrderedIds.next(); // as Outbox.envelope makes them
            q.setObject(1, eventId);
            q.setString(2, TOPIC);
            q.setString(3, Long.toString(itemId));
            q.setString(4, envelope(eventId, submissionId, id, jobId, orgId, itemId, worker, label, claimed.maxOverlap, now));
            q.executeUpdate();
        }
        c.commit();
    }

    /** An event of the size and shape of the service's submission.created envelope. */
    private String envelope(UUID eventId, long submissionId, UUID assignmentId, UUID jobId, UUID orgId, long itemId,
            UUID worker, String label, int maxOverlap, Instant now) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"submission.created\",\"key\":\"" + itemId
                + "\",\"occurredAt\":\"" + now + "\",\"schemaVersion\":1,\"payload\":{\"submissionId\":" + submissionId
                + ",\"assignmentId\":\"" + assignmentId + "\",\"jobId\":\"" + jobId + "\",\"orgId\":\"" + orgId
                + "\",\"itemId\":" + itemId + ",\"workerId\":\"" + worker + "\",\"label\":" + label + ",\"durationMs\":"
                + o.thinkMs + ",\"gold\":false,\"goldAnswer\":null,\"explanation\":null,\"requiredLabels\":3,\"maxOverlap\":"
                + maxOverlap + ",\"schema\":" + SCHEMA + ",\"submittedAt\":\"" + now + "\"}}";
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next statement says so
        }
    }
}
