package io.tessera.task.claim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tessera.task.batch.RequestBatches;
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
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Leases concurrent regular claims together: one transaction per job for every claim waiting
 * ({@link RequestBatches}, shared CLAIM-PATH.md lesson 3).
 *
 * <p>A request thread that has checked eligibility and drawn the gold positions hands its claim over as a
 * {@link Ticket} and waits. The batch's transaction locks open slots in schedule order (SKIP LOCKED),
 * reads who of these workers already labeled those items, matches slots to tickets in Java (in order,
 * never an item twice to a worker), and leases all matches in one statement, which checks again that
 * the job runs and that no worker was blocked meanwhile. Three statements whatever the batch's size; a
 * quiet service runs them for one claim. Gold positions are then claimed per ticket in the same
 * transaction (ClaimService.mixInGold): claims with gold take the same path as those without, so a
 * claim's timing says nothing about gold.
 *
 * <p>A ticket that got nothing (its worker labeled every locked item) or whose batch failed is
 * answered with {@code null}: the request thread claims on its own, as without the batcher. Nothing
 * is leased twice either way: slots are locked, and {@code assignment_once_per_worker} stays the last
 * line of defence (a 23505 fails the batch, whose tickets then claim on their own).
 */
@ApplicationScoped
public class ClaimBatcher {
    private static final Logger LOG = Logger.getLogger(ClaimBatcher.class);
    /** Open slots in schedule order; the limit is written into the text as in ClaimService.claimRegular. */
    private static final String LOCK_CANDIDATES = """
            SELECT s.item_id, s.slot FROM task_slot s
            WHERE s.job_id = ? AND s.state = 'open'
            ORDER BY s.sort_key
            LIMIT %d FOR UPDATE SKIP LOCKED""";
    /** Who labeled these items (few rows per item: its slots); filtered to the batch's workers in Java. */
    private static final String LABELED = """
            SELECT a.item_id, a.worker_id FROM assignment a WHERE a.item_id = ANY (?) AND a.slot IS NOT NULL""";
    /**
     * Leases the matched slots and records the assignments; one row per lease, with its ticket's index. A
     * match is dropped here if the job stopped running, or its worker was blocked or deactivated, since the
     * ticket's eligibility check: read in this statement's snapshot, so a block committed before the lease
     * is always seen (a claim of its own has a window there: easy-to-get-wrong.md). The slots are found by
     * primary key alone: they are locked, so still open, and a {@code state = 'open'} predicate lets the planner
     * walk the partial index of every job's open slots instead when ANALYZE last saw few of them (24.6 s for
     * one batch in a benchmark run; QueryPlanTest). Package-private for QueryPlanTest.
     */
    static final String LEASE = """
            WITH pick AS (
                SELECT p.* FROM unnest(?::bigint[], ?::smallint[], ?::uuid[], ?::int[]) AS p(item_id, slot, worker_id, ticket)
                JOIN job j ON j.id = ? AND j.state = 'running'
                WHERE NOT %s
                  AND coalesce((SELECT w.active FROM worker_profile w WHERE w.worker_id = p.worker_id), true)),
            leased AS (
                UPDATE task_slot s SET state = 'leased', assignment_id = uuid_v7()
                FROM pick WHERE s.item_id = pick.item_id AND s.slot = pick.slot
                RETURNING s.item_id, s.slot, s.assignment_id, pick.worker_id, pick.ticket),
            recorded AS (
                INSERT INTO assignment (id, item_id, worker_id, job_id, slot, state, leased_at, lease_until, flipped)
                SELECT assignment_id, item_id, worker_id, ?, slot, 'leased', ?, ?, ? AND random() < 0.5 FROM leased
                RETURNING id, item_id, flipped)
            SELECT r.id, i.data::text, r.flipped, l.ticket
            FROM recorded r JOIN leased l ON l.assignment_id = r.id JOIN item i ON i.id = r.item_id"""
            .formatted(ClaimService.blocked("p.worker_id", "?"));

    /**
     * One worker's claim of {@code regular} regular tasks and {@code gold} gold items in {@code job}, eligibility
     * checked and gold positions drawn already.
     */
    record Ticket(ClaimService.EligibleJob job, UUID workerId, int regular, int gold,
            CompletableFuture<List<AssignmentView>> result) implements RequestBatches.Ticket<List<AssignmentView>> {
        Ticket(ClaimService.EligibleJob job, UUID workerId, int regular, int gold) {
            this(job, workerId, regular, gold, new CompletableFuture<>());
        }
    }

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final Clock clock;
    private final String commitMode;
    private final boolean enabled;
    private final DistributionSummary batchSizes;
    private final Counter failures;
    private final RequestBatches<Ticket, List<AssignmentView>> batches;

    /**
     * @param enabled {@code tessera.claims.batch.enabled}: off, every claim runs in its own transaction
     * @param maxTickets {@code tessera.claims.batch.max-tickets}: the most claims in one transaction
     * @param threads {@code tessera.claims.batch.dispatchers}: batch transactions at once (each a pool connection)
     */
    public ClaimBatcher(DataSource dataSource, ObjectMapper json, Clock clock, MeterRegistry meters,
            @ConfigProperty(name = "tessera.claims.synchronous-commit", defaultValue = "off") String commitMode,
            @ConfigProperty(name = "tessera.claims.batch.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "tessera.claims.batch.max-tickets", defaultValue = "64") int maxTickets,
            @ConfigProperty(name = "tessera.claims.batch.dispatchers", defaultValue = "2") int threads) {
        this.dataSource = dataSource;
        this.json = json;
        this.clock = clock;
        this.commitMode = commitMode;
        this.enabled = enabled;
        this.batchSizes = DistributionSummary.builder("tessera.claims.batch.size")
                .description("Claims served together in one transaction (those that got tasks)").register(meters);
        this.failures = Counter.builder("tessera.claims.batch.failed")
                .description("Claim batches that failed; their claims ran on their own").register(meters);
        this.batches = new RequestBatches<>("claim-batcher", threads, maxTickets, this::serve, failures::increment);
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            batches.start();
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        batches.stop();
    }

    boolean enabled() {
        return batches.running();
    }

    /**
     * The ticket's tasks, in a transaction shared with other workers' claims; {@code null} when the
     * caller must claim on its own (nothing matched, the batch failed, or the service is stopping).
     */
    List<AssignmentView> claim(Ticket ticket) {
        return batches.submit(ticket);
    }

    private void serve(List<Ticket> batch) {
        Map<UUID, List<Ticket>> byJob = new LinkedHashMap<>();
        for (Ticket t : batch) {
            byJob.computeIfAbsent(t.job.id(), k -> new ArrayList<>()).add(t);
        }
        byJob.values().forEach(this::run);
    }

    /** One job's tickets in one transaction; on failure each ticket is answered with null. */
    private void run(List<Ticket> tickets) {
        Map<Ticket, List<AssignmentView>> leased;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                ClaimService.setCommitMode(c, commitMode);
                leased = lease(c, tickets);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            failures.increment();
            LOG.debugf("Claim batch of %d failed, its claims run on their own: %s", tickets.size(), e.toString());
            return;
        }
        long served = leased.values().stream().filter(got -> !got.isEmpty()).count();
        if (served > 0) {
            batchSizes.record(served);
        }
        for (Ticket t : tickets) {
            List<AssignmentView> got = leased.get(t);
            t.result.complete(got == null || got.isEmpty() ? null : got);
        }
    }

    private Map<Ticket, List<AssignmentView>> lease(Connection c, List<Ticket> tickets) throws SQLException {
        ClaimService.EligibleJob job = tickets.get(0).job();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant until = now.plusSeconds(job.leaseSeconds());
        Map<Ticket, List<AssignmentView>> out = leaseRegular(c, job, tickets, now, until);
        for (Ticket t : tickets) {
            List<AssignmentView> got = out.computeIfAbsent(t, k -> new ArrayList<>());
            // A ticket that wanted regular work and got none here (its worker labeled every slot locked, or was
            // blocked meanwhile) claims on its own, gold and all: it gets no gold here.
            if (t.gold > 0 && (t.regular == 0 || !got.isEmpty())) {
                got.addAll(ClaimService.mixInGold(c, json, job, t.workerId, t.gold, !got.isEmpty(), now, until));
                Collections.shuffle(got); // gold's place in a claim says nothing
            }
        }
        return out;
    }

    /** The regular tasks of the batch, leased in one statement. */
    private Map<Ticket, List<AssignmentView>> leaseRegular(Connection c, ClaimService.EligibleJob job, List<Ticket> tickets,
            Instant now, Instant until) throws SQLException {
        // By identity: a ticket record's own hashCode would hash its job's schema and instructions on every lookup.
        Map<Ticket, List<AssignmentView>> out = new IdentityHashMap<>();
        if (tickets.stream().allMatch(t -> t.regular == 0)) {
            return out;
        }
        List<long[]> candidates = lockCandidates(c, job, tickets);
        if (candidates.isEmpty()) {
            return out;
        }
        Set<Labeled> labeled = labeled(c, candidates, tickets);
        List<Long> items = new ArrayList<>();
        List<Short> slots = new ArrayList<>();
        List<UUID> workers = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        boolean[] taken = new boolean[candidates.size()];
        for (int i = 0; i < tickets.size(); i++) {
            Ticket t = tickets.get(i);
            int got = 0;
            for (int k = 0; k < candidates.size() && got < t.regular; k++) {
                long item = candidates.get(k)[0];
                // labeled holds both the workers' history and what this batch gives them, so a worker
                // with two tickets in the batch still gets each item at most once.
                if (!taken[k] && labeled.add(new Labeled(item, t.workerId))) {
                    taken[k] = true;
                    items.add(item);
                    slots.add((short) candidates.get(k)[1]);
                    workers.add(t.workerId);
                    owners.add(i);
                    got++;
                }
            }
        }
        if (items.isEmpty()) {
            return out;
        }
        try (PreparedStatement q = c.prepareStatement(LEASE)) {
            q.setArray(1, c.createArrayOf("bigint", items.toArray()));
            q.setArray(2, c.createArrayOf("smallint", slots.toArray()));
            q.setArray(3, c.createArrayOf("uuid", workers.toArray()));
            q.setArray(4, c.createArrayOf("integer", owners.toArray()));
            q.setObject(5, job.id());
            q.setTimestamp(6, Timestamp.from(now)); // blocks in effect now
            q.setObject(7, job.id());
            q.setTimestamp(8, Timestamp.from(now));
            q.setTimestamp(9, Timestamp.from(until));
            q.setBoolean(10, job.pairwise());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(tickets.get(rs.getInt(4)), k -> new ArrayList<>()).add(ClaimService.view(rs, json, job, until));
                }
            }
        }
        return out;
    }

    /**
     * Open slots for every ticket, plus a few for workers who labeled one of them already; rounded up to a
     * power of two so that the statement has few texts, each on a generic plan (the reason
     * ClaimService.claimRegular writes its limits into the text). Not {@code maxOverlap} per task as a
     * claim of its own locks: tickets share an item's slots, and a locked slot not taken is written (a
     * tuple lock) and skipped by every other claim for nothing. A ticket that got nothing claims on its own; one
     * that got fewer tasks than it asked for keeps them, as a claim of its own may come back short.
     */
    private static List<long[]> lockCandidates(Connection c, ClaimService.EligibleJob job, List<Ticket> tickets)
            throws SQLException {
        int wanted = tickets.stream().mapToInt(Ticket::regular).sum() + job.maxOverlap();
        int limit = Integer.highestOneBit(wanted - 1) << 1;
        List<long[]> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(LOCK_CANDIDATES.formatted(limit))) {
            q.setObject(1, job.id());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new long[] {rs.getLong(1), rs.getShort(2)});
                }
            }
        }
        return out;
    }

    private record Labeled(long itemId, UUID workerId) {
    }

    /** Each candidate item some worker of the batch already labeled, with that worker. */
    private static Set<Labeled> labeled(Connection c, List<long[]> candidates, List<Ticket> tickets) throws SQLException {
        Set<UUID> workers = new HashSet<>();
        tickets.forEach(t -> workers.add(t.workerId));
        Set<Labeled> out = new HashSet<>();
        try (PreparedStatement q = c.prepareStatement(LABELED)) {
            q.setArray(1, c.createArrayOf("bigint", candidates.stream().map(k -> k[0]).distinct().toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    UUID worker = rs.getObject(2, UUID.class);
                    if (workers.contains(worker)) {
                        out.add(new Labeled(rs.getLong(1), worker));
                    }
                }
            }
        }
        return out;
    }
}
