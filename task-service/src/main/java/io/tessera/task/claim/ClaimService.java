package io.tessera.task.claim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.error.ApiProblem;
import io.tessera.task.job.Purpose;
import io.tessera.task.schema.LabelKind;
import io.tessera.task.schema.LabelSchema;
import io.tessera.task.schema.Pairwise;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The claim path, in plain SQL for throughput (see docs/task-service.md and shared CLAIM-PATH.md).
 *
 * <p>First the jobs this worker may work on now, in order: priority, then fair share (fewest live
 * leases first; counted only when the claim does not name a job), then age. Eligibility (vendors, qualifications, active, blocks, the per-worker cap) comes
 * from the job row and task-service's own view of workers, never from a call to worker-service.
 * The worker's history in a job is counted only for jobs with a per-worker cap.
 *
 * <p>A regular claim is one statement: lock open slots in the job's schedule order with SKIP
 * LOCKED, keep one per item, lease them and record the assignments. The partial unique index on
 * {@code assignment (item_id, worker_id)} is the last line of defence for "never the same item
 * twice"; the NOT EXISTS probe (with OFFSET 0, so PostgreSQL probes that index per candidate
 * instead of scanning the worker's history) keeps it from firing.
 *
 * <p>A claim of labeling work in one job (most claims) is leased by {@link ClaimBatcher}, together with
 * the other claims waiting at that moment, gold or not (so that gold does not show in a claim's timing);
 * this class checks its eligibility and draws its gold positions first, and claims on its own whatever
 * the batch did not serve.
 */
@ApplicationScoped
public class ClaimService {
    /**
     * Whether the worker (an SQL expression) has a block in effect at a time (an SQL expression) on job
     * {@code j} (a row in scope under that alias): the one definition, for the eligibility query, the exam
     * round (GoldOnlyClaims) and the batched lease (ClaimBatcher).
     */
    static String blocked(String worker, String at) {
        return """
                EXISTS (SELECT 1 FROM worker_block b
                        WHERE b.worker_id = %s AND NOT b.lifted AND (b.until IS NULL OR b.until > %s)
                          AND (b.scope = 'platform' OR b.scope = 'org' AND b.target = j.org_id
                               OR b.scope = 'job' AND b.target = j.id AND (b.org_id IS NULL OR b.org_id = j.org_id)))"""
                .formatted(worker, at);
    }

    /** {@link #blocked} for worker {@code ?} at time {@code ?}. */
    static final String BLOCKED = blocked("?", "?");
    private static final String ELIGIBLE_JOBS = """
            SELECT j.id, j.label_schema::text, j.instructions, j.gold_rate, j.lease_seconds, j.max_overlap,
                   j.max_labels_per_worker,
                   CASE WHEN j.max_labels_per_worker IS NOT NULL THEN
                       (SELECT count(*) FROM assignment a
                        WHERE a.worker_id = ? AND a.job_id = j.id AND a.slot IS NOT NULL AND a.state IN ('leased', 'submitted'))
                   END,
                   j.purpose, j.exam_questions
            FROM job j
            WHERE j.state = 'running' AND (?::uuid IS NULL OR j.id = ?::uuid)
              AND (cardinality(j.allowed_vendors) = 0 OR ?::uuid = ANY (j.allowed_vendors))
              AND coalesce((SELECT p.active AND j.required_qualifications <@ p.qualifications
                            FROM worker_profile p WHERE p.worker_id = ?), cardinality(j.required_qualifications) = 0)
              AND NOT %s
              AND (j.purpose = 'labeling' OR ?::uuid IS NOT NULL)
              AND (j.grants_qualification IS NULL OR NOT j.grants_qualification = ANY (
                       coalesce((SELECT p.qualifications FROM worker_profile p WHERE p.worker_id = ?), '{}')))
            ORDER BY j.priority DESC,
                     CASE WHEN ?::uuid IS NULL THEN
                         (SELECT count(*) FROM assignment a WHERE a.job_id = j.id AND a.state = 'leased')
                     END,
                     j.created_at""".formatted(BLOCKED);
    /**
     * The two limits (candidate slots, tasks) are written into the text by {@link #claimRegular}, not bound:
     * bound, they made a generic plan look dearer than a custom one (the planner cannot see they are small),
     * so PostgreSQL planned the claim afresh on every execution, 0.28–0.42 ms per claim against 0.38–1.15 ms
     * of execution (pg_stat_statements under the claim benchmark). With them in the text there are a few
     * texts (tasks per claim × overlap), each planned a few times per connection, then run on a generic plan.
     */
    private static final String CLAIM_REGULAR = """
            WITH candidate AS (
                SELECT s.item_id, s.slot, s.sort_key FROM task_slot s
                WHERE s.job_id = ? AND s.state = 'open'
                  AND NOT EXISTS (SELECT 1 FROM assignment a
                                  WHERE a.item_id = s.item_id AND a.worker_id = ? AND a.slot IS NOT NULL OFFSET 0)
                ORDER BY s.sort_key
                LIMIT %d FOR UPDATE SKIP LOCKED),
            picked AS (
                SELECT item_id, slot FROM (
                    SELECT DISTINCT ON (item_id) item_id, slot, sort_key FROM candidate ORDER BY item_id, sort_key) one
                ORDER BY sort_key LIMIT %d),
            leased AS (
                UPDATE task_slot s SET state = 'leased', assignment_id = uuid_v7()
                FROM picked WHERE s.item_id = picked.item_id AND s.slot = picked.slot
                RETURNING s.item_id, s.slot, s.assignment_id),
            recorded AS (
                INSERT INTO assignment (id, item_id, worker_id, job_id, slot, state, leased_at, lease_until, flipped)
                SELECT assignment_id, item_id, ?, ?, slot, 'leased', ?, ?, ? AND random() < 0.5 FROM leased
                RETURNING id, item_id, flipped)
            SELECT r.id, i.data::text, r.flipped FROM recorded r JOIN item i ON i.id = r.item_id""";
    /**
     * The regular claim of {@code count} tasks. It locks enough candidate slots to find {@code count}
     * distinct items even if each has {@code maxOverlap} slots open; for one task any one slot will do.
     * Every candidate locked and not taken is a row that concurrent claims must skip (and a tuple lock
     * written for nothing), so one task locks one slot. Package-private for QueryPlanTest.
     */
    static String claimRegular(int count, int maxOverlap) {
        return CLAIM_REGULAR.formatted(count == 1 ? 1 : count * maxOverlap, count);
    }

    /** False only for a worker worker-service deactivated (no profile yet: a new worker, active). Asked only when nothing is eligible. */
    private static final String ACTIVE = "SELECT active FROM worker_profile WHERE worker_id = ?";
    /**
     * Whether the worker could claim regular work in the job: an open slot of an item they have not
     * labeled (the claim's own "not labeled by this worker" probe). Not just any open slot: a worker
     * who labeled every item still open would be handed gold alone, claim after claim, until it repeats.
     */
    private static final String HAS_WORK_FOR = """
            SELECT EXISTS (SELECT 1 FROM task_slot s WHERE s.job_id = ? AND s.state = 'open'
                             AND NOT EXISTS (SELECT 1 FROM assignment a
                                             WHERE a.item_id = s.item_id AND a.worker_id = ? AND a.slot IS NOT NULL OFFSET 0))""";
    private static final String JOB_STATE = "SELECT state FROM job WHERE id = ?";
    private static final String NOT_ELIGIBLE = "You are not eligible for this job (vendor, qualification or block; "
            + "an exam is closed to those who hold the qualification it grants)";
    private static final String COMMIT_MODE = "SELECT set_config('synchronous_commit', ?, true)";
    private static final int RETRIES = 3;

    private final DataSource dataSource;
    private final ClaimBatcher batcher;
    private final ObjectMapper json;
    private final Clock clock;
    private final String commitMode;

    /**
     * @param commitMode PostgreSQL's {@code synchronous_commit} for claim transactions only. {@code off}
     *     (the default) does not wait for the WAL flush: a claim lost in a database crash leaves its
     *     slot open and the worker's submit gets a 404. A submit stays durable, and flushing it
     *     flushes every claim before it, so no stored label ever refers to a lost claim.
     */
    public ClaimService(DataSource dataSource, ClaimBatcher batcher, ObjectMapper json, Clock clock,
            @ConfigProperty(name = "tessera.claims.synchronous-commit", defaultValue = "off") String commitMode) {
        this.dataSource = dataSource;
        this.batcher = batcher;
        this.json = json;
        this.clock = clock;
        this.commitMode = commitMode;
    }

    /** Leases up to {@code request.max} tasks to the worker; an empty list when there is nothing to do. */
    public List<AssignmentView> claim(UUID workerId, Optional<UUID> vendorId, ClaimRequest request) {
        Outcome first = claim(workerId, vendorId.orElse(null), request, batcher.enabled());
        if (first.ticket() == null) {
            return first.claimed();
        }
        List<AssignmentView> batched = batcher.claim(first.ticket());
        if (batched != null) {
            return batched;
        }
        return claim(workerId, vendorId.orElse(null), request, false).claimed(); // nothing matched in the batch
    }

    /** What a claim transaction did: leased tasks, or (when it may) handed a ticket for the batcher back instead. */
    private record Outcome(List<AssignmentView> claimed, ClaimBatcher.Ticket ticket) {
    }

    private Outcome claim(UUID workerId, UUID vendorId, ClaimRequest request, boolean mayBatch) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    setCommitMode(c, commitMode);
                    Outcome outcome = claim(c, workerId, vendorId, request, mayBatch);
                    c.commit();
                    return outcome;
                } catch (SQLException e) {
                    c.rollback();
                    // Two concurrent claims by the same worker raced for one item: try again.
                    if (!"23505".equals(e.getSQLState()) || attempt >= RETRIES) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Outcome claim(Connection c, UUID workerId, UUID vendorId, ClaimRequest request, boolean mayBatch)
            throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL stores
        List<EligibleJob> jobs = eligibleJobs(c, workerId, vendorId, request.jobId(), now);
        if (jobs.isEmpty()) {
            requireActive(c, workerId); // ELIGIBLE_JOBS leaves out everything for a deactivated worker; say why
        }
        if (request.jobId() != null && jobs.isEmpty()) {
            explainEmpty(c, request.jobId());
        }
        int wanted = request.maxOrDefault();
        List<AssignmentView> claimed = new ArrayList<>();
        for (EligibleJob job : jobs) {
            int remaining = Math.min(wanted - claimed.size(), job.capacityLeft());
            if (remaining <= 0) {
                continue;
            }
            if (job.purpose.goldOnly()) { // exams and training: claimed only by naming the job, so the only one
                claimed.addAll(claimGoldOnly(c, job, workerId, remaining, now));
                continue;
            }
            int gold = goldPositions(remaining, job.goldRate);
            if (mayBatch && jobs.size() == 1) { // the common case, gold or not: the same path, so the same timing
                return new Outcome(null, new ClaimBatcher.Ticket(job, workerId, remaining - gold, gold));
            }
            Instant until = now.plusSeconds(job.leaseSeconds);
            List<AssignmentView> regular = claimRegular(c, json, job, workerId, remaining - gold, now, until);
            claimed.addAll(regular);
            claimed.addAll(mixInGold(c, json, job, workerId, gold, !regular.isEmpty(), now, until));
            if (claimed.size() >= wanted) {
                break;
            }
        }
        Collections.shuffle(claimed);
        return new Outcome(claimed, null);
    }

    /**
     * The gold positions of a claim of regular work. Gold only rides along with real work: a worker who got no
     * regular task in this claim and has none left in the job gets no gold either. Where there is no gold to
     * give (none uploaded, or all held now), regular work instead.
     */
    static List<AssignmentView> mixInGold(Connection c, ObjectMapper json, EligibleJob job, UUID workerId, int gold,
            boolean gotRegular, Instant now, Instant until) throws SQLException {
        if (gold == 0 || !gotRegular && !hasWorkFor(c, job.id, workerId)) {
            return List.of();
        }
        List<AssignmentView> golden = new ArrayList<>(claimGold(c, json, job, workerId, gold, now, until));
        if (golden.size() < gold) {
            golden.addAll(claimRegular(c, json, job, workerId, gold - golden.size(), now, until));
        }
        return golden;
    }

    private static List<AssignmentView> claimRegular(Connection c, ObjectMapper json, EligibleJob job, UUID workerId,
            int count, Instant now, Instant until) throws SQLException {
        if (count <= 0) {
            return List.of();
        }
        try (PreparedStatement q = c.prepareStatement(claimRegular(count, job.maxOverlap))) {
            q.setObject(1, job.id);
            q.setObject(2, workerId);
            q.setObject(3, workerId);
            q.setObject(4, job.id);
            q.setTimestamp(5, Timestamp.from(now));
            q.setTimestamp(6, Timestamp.from(until));
            q.setBoolean(7, job.pairwise());
            return views(q, json, job, until);
        }
    }

    private static List<AssignmentView> claimGold(Connection c, ObjectMapper json, EligibleJob job, UUID workerId,
            int count, Instant now, Instant until) throws SQLException {
        // Unseen gold first, then least recently seen; never one the worker holds now.
        try (PreparedStatement q = GoldOnlyClaims.claim(c, job.id, workerId, false, null, count, now, until, job.pairwise())) {
            return views(q, json, job, until);
        }
    }

    private List<AssignmentView> claimGoldOnly(Connection c, EligibleJob job, UUID workerId, int count, Instant now)
            throws SQLException {
        GoldOnlyClaims.lock(c, workerId, job.id);
        Instant since = null;
        if (job.purpose == Purpose.EXAM) {
            GoldOnlyClaims.Round round = GoldOnlyClaims.examRound(c, workerId, job.id, job.examQuestions, now);
            if (round.blocked()) { // arrived since the eligibility query (GoldOnlyClaims.EXAM_ROUND says why)
                throw ApiProblem.forbidden(NOT_ELIGIBLE);
            }
            count = Math.min(count, round.left());
            if (count == 0) {
                return List.of(); // this attempt is complete: the next opens when worker-service has scored it
            }
            since = round.openedAt();
            if (since != null && since.isAfter(now)) {
                // The round opened after this claim read the clock: its questions must count in the round,
                // which counts what was leased since it opened (the next claim would hand out more).
                now = since;
            }
        }
        Instant until = now.plusSeconds(job.leaseSeconds);
        try (PreparedStatement q = GoldOnlyClaims.claim(c, job.id, workerId, true, since, count, now, until, job.pairwise())) {
            return views(q, json, job, until);
        }
    }

    /** The tasks a claim statement leased: its columns are the assignment id, the item's data and the flip. */
    private static List<AssignmentView> views(PreparedStatement q, ObjectMapper json, EligibleJob job, Instant until)
            throws SQLException {
        List<AssignmentView> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(view(rs, json, job, until));
            }
        }
        return out;
    }

    static AssignmentView view(ResultSet rs, ObjectMapper json, EligibleJob job, Instant until) throws SQLException {
        try {
            JsonNode data = json.readTree(rs.getString(2));
            return new AssignmentView(rs.getObject(1, UUID.class), job.id, Pairwise.present(data, rs.getBoolean(3)),
                    job.schema, job.instructions, until);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
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

    private List<EligibleJob> eligibleJobs(Connection c, UUID workerId, UUID vendorId, UUID jobId, Instant now)
            throws SQLException {
        try (PreparedStatement q = c.prepareStatement(ELIGIBLE_JOBS)) {
            q.setObject(1, workerId);
            q.setObject(2, jobId);
            q.setObject(3, jobId);
            q.setObject(4, vendorId);
            q.setObject(5, workerId);
            q.setObject(6, workerId);
            q.setTimestamp(7, Timestamp.from(now));
            q.setObject(8, jobId);
            q.setObject(9, workerId);
            q.setObject(10, jobId);
            List<EligibleJob> jobs = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    int cap = rs.getInt(7);
                    boolean capped = !rs.wasNull();
                    jobs.add(new EligibleJob(rs.getObject(1, UUID.class), json.readValue(rs.getString(2), LabelSchema.class),
                            rs.getString(3), rs.getDouble(4), rs.getInt(5), rs.getInt(6),
                            capped ? Math.max(0, cap - rs.getLong(8)) : Long.MAX_VALUE, Purpose.of(rs.getString(9)),
                            rs.getObject(10, Integer.class)));
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return jobs;
        }
    }

    /** A named job gave nothing: 404 if unknown, 403 if the worker may not work on it, else simply nothing. */
    private static void explainEmpty(Connection c, UUID jobId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(JOB_STATE)) {
            q.setObject(1, jobId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("job", jobId);
                }
                if ("running".equals(rs.getString(1))) {
                    throw ApiProblem.forbidden(NOT_ELIGIBLE);
                }
            }
        }
    }

    static void setCommitMode(Connection c, String commitMode) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(COMMIT_MODE)) {
            q.setString(1, commitMode);
            q.execute();
        }
    }

    /** A deactivated worker's token stays valid until it expires; the claim path refuses it at once. */
    private static void requireActive(Connection c, UUID workerId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(ACTIVE)) {
            q.setObject(1, workerId);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next() && !rs.getBoolean(1)) {
                    throw ApiProblem.forbidden("Your account is deactivated");
                }
            }
        }
    }

    private static boolean hasWorkFor(Connection c, UUID jobId, UUID workerId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(HAS_WORK_FOR)) {
            q.setObject(1, jobId);
            q.setObject(2, workerId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    record EligibleJob(UUID id, LabelSchema schema, String instructions, double goldRate, int leaseSeconds,
            int maxOverlap, long remaining, Purpose purpose, Integer examQuestions) {
        /** How many more regular tasks the per-worker cap allows. */
        int capacityLeft() {
            return (int) Math.min(Integer.MAX_VALUE, remaining);
        }

        boolean pairwise() {
            return schema.kind() == LabelKind.PAIRWISE;
        }
    }
}
