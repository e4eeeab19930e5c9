package io.tessera.task.submission;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tessera.common.event.Topics;
import io.tessera.common.outbox.Outbox;
import io.tessera.task.batch.RequestBatches;
import io.tessera.task.schema.Pairwise;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stores concurrent labels in one transaction: one statement per table for all of them and one
 * commit (one WAL flush) instead of one each. It takes only the plain case, a valid label for an
 * assignment its worker holds with time left, in a job not cancelled, under a key not used before;
 * every other submit (a replay, a late label, any error) is answered with {@code null} and goes
 * through {@link SubmissionService#submit}, whose checks and answers it does not repeat. A batch that
 * fails (a unique key taken by a concurrent request, for one) is rolled back whole and each of its
 * submits runs on its own, so a label is stored once or refused, as without the batcher.
 */
@ApplicationScoped
public class SubmitBatcher {
    private static final String KEYS_USED = """
            SELECT s.worker_id, s.idempotency_key FROM submission s
            JOIN unnest(?::uuid[], ?::text[]) AS k(worker_id, idempotency_key) USING (worker_id, idempotency_key)""";
    /** By primary key: the rows are locked and were checked (SubmissionService.FINISH_ASSIGNMENT says why). */
    private static final String FINISH_ASSIGNMENTS = "UPDATE assignment SET state = 'submitted' WHERE id = ANY (?)";
    /**
     * By primary key: the assignments are locked and leased with time left, so their slots are leased to them
     * (the reaper skips locked assignments). A {@code state = 'leased'} predicate lets the planner walk the
     * partial index of every leased slot instead (SubmitBatchQueryPlanTest). Package-private for that test.
     */
    static final String FINISH_SLOTS = """
            UPDATE task_slot s SET state = 'done'
            FROM unnest(?::bigint[], ?::smallint[], ?::uuid[]) AS f(item_id, slot, assignment_id)
            WHERE s.item_id = f.item_id AND s.slot = f.slot AND s.assignment_id = f.assignment_id""";
    private static final String INSERT = """
            INSERT INTO submission (assignment_id, item_id, job_id, worker_id, label, duration_ms, idempotency_key, submitted_at)
            SELECT n.assignment_id, n.item_id, n.job_id, n.worker_id, n.label::jsonb, n.duration_ms, n.idempotency_key, ?
            FROM unnest(?::uuid[], ?::bigint[], ?::uuid[], ?::uuid[], ?::text[], ?::bigint[], ?::text[])
                 AS n(assignment_id, item_id, job_id, worker_id, label, duration_ms, idempotency_key)
            RETURNING id, assignment_id""";

    /** One worker's label for one assignment, as the request carried it. */
    record Ticket(UUID workerId, UUID assignmentId, SubmitRequest request, String idempotencyKey,
            CompletableFuture<SubmissionService.Outcome> result) implements RequestBatches.Ticket<SubmissionService.Outcome> {
        Ticket(UUID workerId, UUID assignmentId, SubmitRequest request, String idempotencyKey) {
            this(workerId, assignmentId, request, idempotencyKey, new CompletableFuture<>());
        }
    }

    /** A ticket that passed every check, with what storing it needs. */
    private record Plain(Ticket ticket, SubmissionService.Context ctx, JsonNode label) {
    }

    private final DataSource dataSource;
    private final SubmissionService submissions;
    private final Outbox outbox;
    private final Clock clock;
    private final boolean enabled;
    private final DistributionSummary batchSizes;
    private final RequestBatches<Ticket, SubmissionService.Outcome> batches;

    /**
     * @param enabled {@code tessera.submissions.batch.enabled}: off, every label is stored in its own transaction
     * @param maxTickets {@code tessera.submissions.batch.max-tickets}: the most labels in one transaction
     * @param threads {@code tessera.submissions.batch.dispatchers}: batch transactions at once (each a pool connection)
     */
    public SubmitBatcher(DataSource dataSource, SubmissionService submissions, Outbox outbox, Clock clock,
            MeterRegistry meters,
            @ConfigProperty(name = "tessera.submissions.batch.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "tessera.submissions.batch.max-tickets", defaultValue = "64") int maxTickets,
            @ConfigProperty(name = "tessera.submissions.batch.dispatchers", defaultValue = "2") int threads) {
        this.dataSource = dataSource;
        this.submissions = submissions;
        this.outbox = outbox;
        this.clock = clock;
        this.enabled = enabled;
        this.batchSizes = DistributionSummary.builder("tessera.submissions.batch.size")
                .description("Labels stored together in one transaction (not those left to a transaction of their own)").register(meters);
        Counter failures = Counter.builder("tessera.submissions.batch.failed")
                .description("Label batches that failed; their labels were stored on their own").register(meters);
        this.batches = new RequestBatches<>("submit-batcher", threads, maxTickets, this::serve, failures::increment);
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            batches.start();
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        batches.stop();
    }

    /** The stored label, or {@code null}: the caller stores it on its own ({@link SubmissionService#submit}). */
    public SubmissionService.Outcome submit(UUID workerId, UUID assignmentId, SubmitRequest request, String idempotencyKey) {
        return batches.submit(new Ticket(workerId, assignmentId, request, idempotencyKey));
    }

    private void serve(List<Ticket> batch) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<Ticket, SubmissionService.Outcome> stored = store(c, batch);
                c.commit();
                if (!stored.isEmpty()) {
                    batchSizes.record(stored.size());
                }
                stored.forEach((t, outcome) -> t.result.complete(outcome));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e); // RequestBatches counts it and answers every ticket with null
        }
    }

    private Map<Ticket, SubmissionService.Outcome> store(Connection c, List<Ticket> batch) throws SQLException {
        List<Ticket> fresh = freshTickets(c, batch);
        Map<UUID, SubmissionService.Context> contexts = lockContexts(c, fresh);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL stores
        List<Plain> plain = new ArrayList<>();
        for (Ticket t : fresh) {
            SubmissionService.Context ctx = contexts.get(t.assignmentId);
            if (ctx != null && ctx.plainSubmitBy(t.workerId, now) && submissions.problems(ctx, t.request).isEmpty()) {
                // Stored and published in the item's own terms: a flipped pairwise worker's "A" is the item's b.
                plain.add(new Plain(t, ctx, Pairwise.unflip(t.request.label(), ctx.flipped())));
            }
        }
        // By identity: a ticket record's own hashCode would hash its request's label tree on every lookup.
        Map<Ticket, SubmissionService.Outcome> out = new IdentityHashMap<>();
        if (plain.isEmpty()) {
            return out;
        }
        finish(c, plain);
        Map<UUID, Long> ids = insert(c, plain, now);
        try (PreparedStatement q = c.prepareStatement(Outbox.INSERT)) {
            for (Plain p : plain) {
                long id = ids.get(p.ticket.assignmentId);
                outbox.add(q, Topics.SUBMISSIONS, outbox.envelope(SubmissionCreated.TYPE, Long.toString(p.ctx.itemId()),
                        SubmissionService.created(p.ctx, id, p.ticket.assignmentId, p.ticket.workerId, p.label,
                                p.ticket.request.durationMs(), now)));
                q.addBatch();
                out.put(p.ticket, SubmissionService.stored(p.ctx, id, p.ticket.assignmentId, p.label, now));
            }
            q.executeBatch();
        }
        return out;
    }

    /**
     * The tickets to store here: not a second one for an assignment or a key in this batch, and not under a
     * key used before (a replay, which SubmissionService answers with the stored label).
     */
    private static List<Ticket> freshTickets(Connection c, List<Ticket> batch) throws SQLException {
        Set<UUID> assignments = new HashSet<>();
        Set<List<Object>> keys = new HashSet<>();
        List<Ticket> fresh = new ArrayList<>();
        for (Ticket t : batch) {
            if (assignments.add(t.assignmentId) && (t.idempotencyKey == null || keys.add(List.of(t.workerId, t.idempotencyKey)))) {
                fresh.add(t);
            }
        }
        if (keys.isEmpty()) {
            return fresh;
        }
        Set<List<Object>> used = new HashSet<>();
        try (PreparedStatement q = c.prepareStatement(KEYS_USED)) {
            q.setArray(1, c.createArrayOf("uuid", keys.stream().map(k -> k.get(0)).toArray()));
            q.setArray(2, c.createArrayOf("text", keys.stream().map(k -> k.get(1)).toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    used.add(List.of(rs.getObject(1, UUID.class), rs.getString(2)));
                }
            }
        }
        fresh.removeIf(t -> t.idempotencyKey != null && used.contains(List.of(t.workerId, t.idempotencyKey)));
        return fresh;
    }

    /** Each ticket's assignment with its item and job, locked until commit (in id order). */
    private Map<UUID, SubmissionService.Context> lockContexts(Connection c, List<Ticket> tickets) throws SQLException {
        Map<UUID, SubmissionService.Context> out = new HashMap<>();
        if (tickets.isEmpty()) {
            return out;
        }
        try (PreparedStatement q = c.prepareStatement(SubmissionService.CONTEXT_OF_MANY)) {
            q.setArray(1, c.createArrayOf("uuid", tickets.stream().map(Ticket::assignmentId).toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    SubmissionService.Context ctx = submissions.context(rs);
                    out.put(ctx.assignmentId(), ctx);
                }
            }
        }
        return out;
    }

    private static void finish(Connection c, List<Plain> plain) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(FINISH_ASSIGNMENTS)) {
            q.setArray(1, c.createArrayOf("uuid", plain.stream().map(p -> p.ticket.assignmentId).toArray()));
            q.executeUpdate();
        }
        List<Plain> regular = plain.stream().filter(p -> p.ctx.slot() != null).toList(); // gold items have no slots
        if (regular.isEmpty()) {
            return;
        }
        try (PreparedStatement q = c.prepareStatement(FINISH_SLOTS)) {
            q.setArray(1, c.createArrayOf("bigint", regular.stream().map(p -> p.ctx.itemId()).toArray()));
            q.setArray(2, c.createArrayOf("smallint", regular.stream().map(p -> p.ctx.slot().shortValue()).toArray()));
            q.setArray(3, c.createArrayOf("uuid", regular.stream().map(p -> p.ticket.assignmentId).toArray()));
            if (q.executeUpdate() != regular.size()) {
                throw new IllegalStateException("a slot of a leased assignment was not leased to it");
            }
        }
    }

    /** The new submissions' ids by assignment. */
    private static Map<UUID, Long> insert(Connection c, List<Plain> plain, Instant now) throws SQLException {
        Map<UUID, Long> ids = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement(INSERT)) {
            q.setTimestamp(1, Timestamp.from(now));
            q.setArray(2, c.createArrayOf("uuid", plain.stream().map(p -> p.ticket.assignmentId).toArray()));
            q.setArray(3, c.createArrayOf("bigint", plain.stream().map(p -> p.ctx.itemId()).toArray()));
            q.setArray(4, c.createArrayOf("uuid", plain.stream().map(p -> p.ctx.jobId()).toArray()));
            q.setArray(5, c.createArrayOf("uuid", plain.stream().map(p -> p.ticket.workerId).toArray()));
            q.setArray(6, c.createArrayOf("text", plain.stream().map(p -> p.label.toString()).toArray()));
            q.setArray(7, c.createArrayOf("bigint", plain.stream().map(p -> p.ticket.request.durationMs()).toArray()));
            q.setArray(8, c.createArrayOf("text", plain.stream().map(p -> p.ticket.idempotencyKey).toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getObject(2, UUID.class), rs.getLong(1));
                }
            }
        }
        return ids;
    }
}
