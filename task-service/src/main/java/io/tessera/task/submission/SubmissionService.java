package io.tessera.task.submission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.error.ApiProblem;
import io.tessera.common.error.FieldError;
import io.tessera.common.event.Topics;
import io.tessera.common.outbox.Outbox;
import io.tessera.task.job.Purpose;
import io.tessera.task.schema.LabelSchema;
import io.tessera.task.schema.Pairwise;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stores a label: the assignment, its slot, the submission and the outbox event change in one
 * transaction, so a label is either stored and published, or refused and nothing changed.
 *
 * <p>A plain submit (a valid first label, in time, by the assignment's worker) is usually stored by
 * {@link SubmitBatcher} together with others; every other submit, and any the batcher leaves, comes here.
 */
@ApplicationScoped
public class SubmissionService {
    private static final String BY_KEY = """
            SELECT id, assignment_id, submitted_at FROM submission WHERE worker_id = ? AND idempotency_key = ?""";
    /** What a submit needs to know about its assignment; {@code %s} selects and orders the assignments. */
    private static final String CONTEXTS = """
            SELECT a.worker_id, a.state, a.lease_until, a.item_id, a.slot, a.job_id, j.state, j.org_id,
                   j.label_schema::text, j.max_overlap, i.gold, i.gold_answer::text, i.explanation, i.required_labels,
                   i.data::text, j.allow_late_submit, a.flipped, j.reward_cents, j.quality_policy::text, j.purpose, a.id
            FROM assignment a JOIN item i ON i.id = a.item_id JOIN job j ON j.id = a.job_id
            %s
            FOR UPDATE OF a""";
    private static final String CONTEXT = CONTEXTS.formatted("WHERE a.id = ?");
    /** Locks in id order, so that two batches never wait for each other's locks in a cycle. */
    static final String CONTEXT_OF_MANY = CONTEXTS.formatted("WHERE a.id = ANY (?) ORDER BY a.id");
    /**
     * By primary key alone: the row is locked by CONTEXT and its state and lease were checked there.
     * A {@code state = 'leased'} predicate here lets the planner walk a partial index of all leased
     * assignments instead (0.72 ms against 0.06 ms per label, docs/performance.md).
     */
    private static final String FINISH_ASSIGNMENT = "UPDATE assignment SET state = 'submitted' WHERE id = ?";
    private static final String FINISH_SLOT = """
            UPDATE task_slot SET state = 'done' WHERE item_id = ? AND slot = ? AND assignment_id = ? AND state = 'leased'""";
    /** A late label counts only while its slot is still free (or still leased to it: the reaper has not run). */
    private static final String FINISH_LATE_ASSIGNMENT = """
            UPDATE assignment SET state = 'submitted' WHERE id = ? AND state IN ('leased', 'expired')""";
    private static final String FINISH_LATE_SLOT = """
            UPDATE task_slot SET state = 'done', assignment_id = ?
            WHERE item_id = ? AND slot = ? AND (state = 'open' OR state = 'leased' AND assignment_id = ?)""";
    private static final String TRAINING_FEEDBACK = """
            SELECT s.label::text, i.gold_answer::text, i.explanation, a.flipped
            FROM submission s JOIN item i ON i.id = s.item_id JOIN job j ON j.id = s.job_id
            JOIN assignment a ON a.id = s.assignment_id
            WHERE s.id = ? AND i.gold AND j.purpose = 'training'""";
    private static final String INSERT = """
            INSERT INTO submission (assignment_id, item_id, job_id, worker_id, label, duration_ms, idempotency_key, submitted_at)
            VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?) RETURNING id""";

    private final DataSource dataSource;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;

    public SubmissionService(DataSource dataSource, Outbox outbox, ObjectMapper json, Clock clock) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** The stored submission, and whether it is a replay of an earlier request with the same key. */
    public record Outcome(SubmissionView submission, boolean replayed) {
    }

    @Transactional
    public Outcome submit(UUID workerId, UUID assignmentId, SubmitRequest request, String idempotencyKey) {
        try (Connection c = dataSource.getConnection()) {
            Optional<SubmissionView> earlier = byKey(c, workerId, idempotencyKey, assignmentId);
            if (earlier.isPresent()) {
                return new Outcome(withFeedback(c, earlier.get()), true);
            }
            Context ctx = context(c, assignmentId); // locks the assignment until commit
            if (!ctx.workerId.equals(workerId)) {
                throw ApiProblem.forbidden("This assignment belongs to another worker");
            }
            if ("submitted".equals(ctx.assignmentState)) {
                // A concurrent retry with the same key may have committed while we waited for the lock.
                Optional<SubmissionView> replay = byKey(c, workerId, idempotencyKey, assignmentId);
                if (replay.isPresent()) {
                    return new Outcome(withFeedback(c, replay.get()), true);
                }
            }
            if ("cancelled".equals(ctx.jobState)) {
                throw ApiProblem.conflict("The job was cancelled; the label was not stored");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL stores
            boolean late = !"leased".equals(ctx.assignmentState) || !ctx.leaseUntil.isAfter(now);
            boolean lateAllowed = ctx.allowLateSubmit
                    && ("leased".equals(ctx.assignmentState) || "expired".equals(ctx.assignmentState));
            if (late && !lateAllowed) {
                throw ApiProblem.conflict(("leased".equals(ctx.assignmentState) || "expired".equals(ctx.assignmentState)
                        ? "The lease expired at " + ctx.leaseUntil
                        : "The assignment is " + ctx.assignmentState) + "; the label was not stored");
            }
            List<FieldError> problems = problems(ctx, request);
            if (!problems.isEmpty()) {
                throw ApiProblem.unprocessable(problems.get(0).field() + " " + problems.get(0).message(), problems);
            }
            if (late) {
                finishLate(c, ctx, assignmentId);
            } else {
                finish(c, ctx, assignmentId);
            }
            // Stored and published in the item's own terms: a flipped pairwise worker's "A" is the item's b.
            JsonNode label = Pairwise.unflip(request.label(), ctx.flipped);
            long id = insert(c, ctx, assignmentId, workerId, label, request.durationMs(), idempotencyKey, now);
            outbox.write(c, Topics.SUBMISSIONS, SubmissionCreated.TYPE, Long.toString(ctx.itemId),
                    created(ctx, id, assignmentId, workerId, label, request.durationMs(), now));
            return stored(ctx, id, assignmentId, label, now);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<SubmissionView> byKey(Connection c, UUID workerId, String key, UUID assignmentId) throws SQLException {
        if (key == null) {
            return Optional.empty();
        }
        try (PreparedStatement q = c.prepareStatement(BY_KEY)) {
            q.setObject(1, workerId);
            q.setString(2, key);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (!assignmentId.equals(rs.getObject(2, UUID.class))) {
                    throw ApiProblem.conflict("This Idempotency-Key was already used for another assignment");
                }
                return Optional.of(new SubmissionView(rs.getLong(1), assignmentId, rs.getTimestamp(3).toInstant()));
            }
        }
    }

    /** A replayed training submit answers with its feedback again. */
    private SubmissionView withFeedback(Connection c, SubmissionView stored) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(TRAINING_FEEDBACK)) {
            q.setLong(1, stored.submissionId());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return stored;
                }
                return new SubmissionView(stored.submissionId(), stored.assignmentId(), stored.submittedAt(),
                        Feedback.of(tree(rs.getString(1)), tree(rs.getString(2)), rs.getString(3), rs.getBoolean(4)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Context context(Connection c, UUID assignmentId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(CONTEXT)) {
            q.setObject(1, assignmentId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("assignment", assignmentId);
                }
                return context(rs);
            }
        }
    }

    /** The current row of a statement made from {@link #CONTEXTS}. */
    Context context(ResultSet rs) throws SQLException {
        try {
            Integer slot = rs.getObject(5, Integer.class); // null for gold items, which have no slots
            return new Context(rs.getObject(1, UUID.class), rs.getString(2), rs.getTimestamp(3).toInstant(),
                    rs.getLong(4), slot, rs.getObject(6, UUID.class), rs.getString(7),
                    rs.getObject(8, UUID.class), json.readValue(rs.getString(9), LabelSchema.class), rs.getInt(10),
                    rs.getBoolean(11), tree(rs.getString(12)), rs.getString(13), rs.getInt(14), rs.getString(15),
                    rs.getBoolean(16), rs.getBoolean(17), rs.getInt(18), tree(rs.getString(19)),
                    Purpose.of(rs.getString(20)), rs.getObject(21, UUID.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What is wrong with the label for this assignment's schema (and item); empty when it is valid. */
    List<FieldError> problems(Context ctx, SubmitRequest request) {
        return ctx.schema.validate(request.label(), itemData(ctx), "label");
    }

    /** The event a stored label publishes, in the item's own terms. */
    static SubmissionCreated created(Context ctx, long id, UUID assignmentId, UUID workerId, JsonNode label,
            Long durationMs, Instant now) {
        return new SubmissionCreated(id, assignmentId, ctx.jobId, ctx.orgId, ctx.itemId, workerId, label, durationMs,
                ctx.gold, ctx.goldAnswer, ctx.explanation, ctx.requiredLabels, ctx.maxOverlap, ctx.schema,
                ctx.rewardCents, ctx.quality, now);
    }

    /** The answer to a stored label: with the correct answer when it is a training job's gold item. */
    static Outcome stored(Context ctx, long id, UUID assignmentId, JsonNode label, Instant now) {
        Feedback feedback = ctx.purpose == Purpose.TRAINING && ctx.gold
                ? Feedback.of(label, ctx.goldAnswer, ctx.explanation, ctx.flipped) : null;
        return new Outcome(new SubmissionView(id, assignmentId, now, feedback), false);
    }

    /** The assignment is locked and was leased with time left: the reaper skips locked rows, so it still is. */
    private static void finish(Connection c, Context ctx, UUID assignmentId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(FINISH_ASSIGNMENT)) {
            q.setObject(1, assignmentId);
            q.executeUpdate();
        }
        if (ctx.slot != null) {
            try (PreparedStatement q = c.prepareStatement(FINISH_SLOT)) {
                q.setLong(1, ctx.itemId);
                q.setInt(2, ctx.slot);
                q.setObject(3, assignmentId);
                if (q.executeUpdate() != 1) {
                    throw new IllegalStateException("slot of leased assignment " + assignmentId + " was not leased to it");
                }
            }
        }
    }

    private static void finishLate(Connection c, Context ctx, UUID assignmentId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(FINISH_LATE_ASSIGNMENT)) {
            q.setObject(1, assignmentId);
            if (q.executeUpdate() == 0) {
                throw ApiProblem.conflict("The assignment ended before the label arrived");
            }
        }
        if (ctx.slot != null) {
            try (PreparedStatement q = c.prepareStatement(FINISH_LATE_SLOT)) {
                q.setObject(1, assignmentId);
                q.setLong(2, ctx.itemId);
                q.setInt(3, ctx.slot);
                q.setObject(4, assignmentId);
                if (q.executeUpdate() == 0) {
                    throw ApiProblem.conflict("The lease expired and the item went to another worker; "
                            + "the label was not stored");
                }
            }
        }
    }

    private long insert(Connection c, Context ctx, UUID assignmentId, UUID workerId, JsonNode label, Long durationMs,
            String key, Instant now) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(INSERT)) {
            q.setObject(1, assignmentId);
            q.setLong(2, ctx.itemId);
            q.setObject(3, ctx.jobId);
            q.setObject(4, workerId);
            q.setString(5, label.toString());
            q.setObject(6, durationMs);
            q.setString(7, key);
            q.setTimestamp(8, Timestamp.from(now));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The item's data when the label kind is checked against it (image size, text); else not parsed. */
    private JsonNode itemData(Context ctx) {
        try {
            return ctx.schema.kind().labelNeedsItemData() ? tree(ctx.itemData) : null;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode tree(String text) throws JsonProcessingException {
        return text == null ? null : json.readTree(text);
    }

    record Context(UUID workerId, String assignmentState, Instant leaseUntil, long itemId, Integer slot,
            UUID jobId, String jobState, UUID orgId, LabelSchema schema, int maxOverlap, boolean gold,
            JsonNode goldAnswer, String explanation, int requiredLabels, String itemData, boolean allowLateSubmit,
            boolean flipped, int rewardCents, JsonNode quality, Purpose purpose, UUID assignmentId) {
        /**
         * Whether {@code workerId}'s label arrives for this assignment with nothing to decide: theirs, leased
         * with time left, in a job not cancelled. Everything else (replays, late labels, errors) takes
         * {@link SubmissionService#submit}'s own checks.
         */
        boolean plainSubmitBy(UUID worker, Instant now) {
            return workerId.equals(worker) && "leased".equals(assignmentState) && leaseUntil.isAfter(now)
                    && !"cancelled".equals(jobState);
        }
    }
}
