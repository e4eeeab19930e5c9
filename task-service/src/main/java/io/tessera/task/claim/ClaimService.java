package io.tessera.task.claim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.error.ApiProblem;
import io.tessera.task.schema.LabelSchema;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * The claim path, in plain SQL for throughput (see docs/task-service.md and shared CLAIM-PATH.md).
 * A regular claim is one statement: lock open slots with SKIP LOCKED, keep one per item, lease
 * them and record the assignments. {@code UNIQUE (item_id, worker_id)} on assignment is the
 * last line of defence for "never the same item twice"; the NOT EXISTS probe (with OFFSET 0, so
 * PostgreSQL does a per-row index probe instead of scanning the worker's history) keeps it from firing.
 */
@ApplicationScoped
public class ClaimService {
    private static final String RUNNING_JOBS = """
            SELECT id, label_schema::text, instructions, gold_rate, lease_seconds, max_overlap FROM job
            WHERE state = 'running' AND (?::uuid IS NULL OR id = ?::uuid)
            ORDER BY priority DESC, created_at""";
    private static final String CLAIM_REGULAR = """
            WITH candidate AS (
                SELECT s.item_id, s.slot FROM task_slot s
                WHERE s.job_id = ? AND s.state = 'open'
                  AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.item_id = s.item_id AND a.worker_id = ? OFFSET 0)
                ORDER BY s.item_id, s.slot
                LIMIT ? FOR UPDATE SKIP LOCKED),
            picked AS (
                SELECT DISTINCT ON (item_id) item_id, slot FROM candidate ORDER BY item_id, slot LIMIT ?),
            leased AS (
                UPDATE task_slot s SET state = 'leased', assignment_id = gen_random_uuid()
                FROM picked WHERE s.item_id = picked.item_id AND s.slot = picked.slot
                RETURNING s.item_id, s.slot, s.assignment_id),
            recorded AS (
                INSERT INTO assignment (id, item_id, worker_id, job_id, slot, state, leased_at, lease_until)
                SELECT assignment_id, item_id, ?, ?, slot, 'leased', ?, ? FROM leased
                RETURNING id, item_id)
            SELECT r.id, i.data::text FROM recorded r JOIN item i ON i.id = r.item_id""";
    private static final String CLAIM_GOLD = """
            WITH pick AS (
                SELECT i.id FROM item i
                WHERE i.job_id = ? AND i.gold
                  AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.item_id = i.id AND a.worker_id = ? OFFSET 0)
                ORDER BY random() LIMIT ?),
            recorded AS (
                INSERT INTO assignment (id, item_id, worker_id, job_id, slot, state, leased_at, lease_until)
                SELECT gen_random_uuid(), id, ?, ?, NULL, 'leased', ?, ? FROM pick
                RETURNING id, item_id)
            SELECT r.id, i.data::text FROM recorded r JOIN item i ON i.id = r.item_id""";
    private static final String HAS_OPEN_SLOT = "SELECT EXISTS (SELECT 1 FROM task_slot WHERE job_id = ? AND state = 'open')";
    private static final int RETRIES = 3;

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final Clock clock;

    public ClaimService(DataSource dataSource, ObjectMapper json, Clock clock) {
        this.dataSource = dataSource;
        this.json = json;
        this.clock = clock;
    }

    /** Leases up to {@code request.max} tasks to the worker; an empty list when there is nothing to do. */
    public List<AssignmentView> claim(UUID workerId, ClaimRequest request) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    List<AssignmentView> claimed = claim(c, workerId, request);
                    c.commit();
                    return claimed;
                } catch (SQLException e) {
                    c.rollback();
                    // Two concurrent claims by the same worker raced for one item: try again.
                    if (!"23505".equals(e.getSQLState()) || attempt >= RETRIES) {
                        throw e;
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private List<AssignmentView> claim(Connection c, UUID workerId, ClaimRequest request) throws SQLException {
        List<RunningJob> jobs = runningJobs(c, request.jobId());
        if (request.jobId() != null && jobs.isEmpty() && !jobExists(c, request.jobId())) {
            throw ApiProblem.notFound("job", request.jobId());
        }
        int wanted = request.maxOrDefault();
        List<AssignmentView> claimed = new ArrayList<>();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL stores
        for (RunningJob job : jobs) {
            int remaining = wanted - claimed.size();
            if (remaining == 0) {
                break;
            }
            int gold = goldPositions(remaining, job.goldRate);
            Instant until = now.plusSeconds(job.leaseSeconds);
            List<AssignmentView> regular = run(c, CLAIM_REGULAR, job, workerId, remaining - gold, now, until);
            claimed.addAll(regular);
            // Gold only rides along with real work: a worker with nothing regular left gets no gold either.
            if (gold > 0 && (!regular.isEmpty() || hasOpenSlot(c, job.id))) {
                claimed.addAll(run(c, CLAIM_GOLD, job, workerId, gold, now, until));
            }
        }
        Collections.shuffle(claimed);
        return claimed;
    }

    private List<AssignmentView> run(Connection c, String sql, RunningJob job, UUID workerId, int count, Instant now,
            Instant until) throws SQLException {
        if (count <= 0) {
            return List.of();
        }
        try (PreparedStatement q = c.prepareStatement(sql)) {
            int i = 1;
            q.setObject(i++, job.id);
            q.setObject(i++, workerId);
            if (sql == CLAIM_REGULAR) {
                q.setInt(i++, count * job.maxOverlap);
            }
            q.setInt(i++, count);
            q.setObject(i++, workerId);
            q.setObject(i++, job.id);
            q.setTimestamp(i++, Timestamp.from(now));
            q.setTimestamp(i, Timestamp.from(until));
            List<AssignmentView> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new AssignmentView(rs.getObject(1, UUID.class), job.id, json.readTree(rs.getString(2)),
                            job.schema, job.instructions, until));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return out;
        }
    }

    /** How many of {@code n} positions are gold: each independently with the job's gold rate. */
    private static int goldPositions(int n, double rate) {
        int gold = 0;
        for (int i = 0; i < n; i++) {
            if (ThreadLocalRandom.current().nextDouble() < rate) {
                gold++;
            }
        }
        return gold;
    }

    private List<RunningJob> runningJobs(Connection c, UUID jobId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(RUNNING_JOBS)) {
            q.setObject(1, jobId);
            q.setObject(2, jobId);
            List<RunningJob> jobs = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    jobs.add(new RunningJob(rs.getObject(1, UUID.class), json.readValue(rs.getString(2), LabelSchema.class),
                            rs.getString(3), rs.getDouble(4), rs.getInt(5), rs.getInt(6)));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return jobs;
        }
    }

    private static boolean hasOpenSlot(Connection c, UUID jobId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(HAS_OPEN_SLOT)) {
            q.setObject(1, jobId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static boolean jobExists(Connection c, UUID jobId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM job WHERE id = ?")) {
            q.setObject(1, jobId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    private record RunningJob(UUID id, LabelSchema schema, String instructions, double goldRate, int leaseSeconds,
            int maxOverlap) {
    }
}
