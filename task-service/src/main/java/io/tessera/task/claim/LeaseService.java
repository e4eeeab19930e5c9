package io.tessera.task.claim;

import io.quarkus.scheduler.Scheduled;
import io.tessera.common.error.ApiProblem;
import io.tessera.common.event.Topics;
import io.tessera.common.outbox.Outbox;
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
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Ends leases: by release (skip) and by expiry. The reaper and a late submit cannot both win:
 * a submit, a release and a heartbeat lock their assignment by primary key first and check its
 * state and {@code lease_until} with the same clock as the reaper, which skips locked rows; so a
 * lease is either submitted in time or expired. The updates then name the row by {@code id} alone:
 * a {@code state = 'leased'} predicate would let the planner walk the partial index of all leased
 * assignments instead of the primary key (docs/performance.md).
 */
@ApplicationScoped
public class LeaseService {
    private static final String LOCK = """
            SELECT worker_id, state, lease_until, item_id, slot, job_id FROM assignment WHERE id = ? FOR UPDATE""";
    private static final String RELEASE = "UPDATE assignment SET state = 'released' WHERE id = ?";
    private static final String REOPEN_SLOT = """
            UPDATE task_slot SET state = 'open', assignment_id = NULL WHERE item_id = ? AND slot = ? AND assignment_id = ?""";
    private static final String HEARTBEAT = """
            UPDATE assignment a SET lease_until = ?::timestamptz + make_interval(secs => j.lease_seconds)
            FROM job j
            WHERE a.id = ? AND j.id = a.job_id AND j.state IN ('running', 'paused')
            RETURNING a.lease_until""";
    private static final String REAP = """
            WITH expired AS (
                UPDATE assignment SET state = 'expired' WHERE id IN (
                    SELECT id FROM assignment WHERE state = 'leased' AND lease_until <= ?
                    ORDER BY lease_until LIMIT 1000 FOR UPDATE SKIP LOCKED)
                RETURNING id, item_id, slot)
            UPDATE task_slot s SET state = 'open', assignment_id = NULL
            FROM expired e WHERE s.item_id = e.item_id AND s.slot = e.slot AND s.assignment_id = e.id""";

    private final DataSource dataSource;
    private final Outbox outbox;
    private final Clock clock;

    public LeaseService(DataSource dataSource, Outbox outbox, Clock clock) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Skip: the slot is open again at once; the assignment stays (as released), so the worker does not
     * get the item again. Publishes {@code assignment.released} so quality-service can count skips.
     * Releasing a released assignment again changes nothing.
     */
    @Transactional
    public void release(UUID workerId, UUID assignmentId) {
        try (Connection c = dataSource.getConnection()) {
            Locked a = lock(c, workerId, assignmentId);
            if ("released".equals(a.state)) {
                return;
            }
            if (!"leased".equals(a.state)) {
                throw ApiProblem.conflict("The assignment is " + a.state + ", not leased");
            }
            try (PreparedStatement q = c.prepareStatement(RELEASE)) {
                q.setObject(1, assignmentId);
                q.executeUpdate();
            }
            if (a.slot != null) { // gold assignments have no slot
                try (PreparedStatement q = c.prepareStatement(REOPEN_SLOT)) {
                    q.setLong(1, a.itemId);
                    q.setInt(2, a.slot);
                    q.setObject(3, assignmentId);
                    q.executeUpdate();
                }
            }
            outbox.write(c, Topics.SUBMISSIONS, AssignmentReleased.TYPE, Long.toString(a.itemId),
                    new AssignmentReleased(assignmentId, a.jobId, a.itemId, workerId, a.slot == null, clock.instant()));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Extends a live lease by the job's lease length from now; returns the new expiry. */
    @Transactional
    public Instant heartbeat(UUID workerId, UUID assignmentId) {
        try (Connection c = dataSource.getConnection()) {
            Locked a = lock(c, workerId, assignmentId);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // after the lock, like a submit
            if (!"leased".equals(a.state) || !a.leaseUntil.isAfter(now)) {
                throw ApiProblem.conflict("The assignment is " + a.state
                        + ("leased".equals(a.state) ? ", but its lease ended at " + a.leaseUntil : "")
                        + "; it can no longer be extended");
            }
            try (PreparedStatement q = c.prepareStatement(HEARTBEAT)) {
                q.setTimestamp(1, Timestamp.from(now));
                q.setObject(2, assignmentId);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        return rs.getTimestamp(1).toInstant();
                    }
                }
            }
            throw ApiProblem.conflict("The job is no longer running; the lease can no longer be extended");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Locks the assignment until commit, after checking it exists (404) and is the caller's (403). */
    private static Locked lock(Connection c, UUID workerId, UUID assignmentId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(LOCK)) {
            q.setObject(1, assignmentId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("assignment", assignmentId);
                }
                if (!workerId.equals(rs.getObject(1, UUID.class))) {
                    throw ApiProblem.forbidden("This assignment belongs to another worker");
                }
                return new Locked(rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getLong(4),
                        rs.getObject(5, Integer.class), rs.getObject(6, UUID.class));
            }
        }
    }

    private record Locked(String state, Instant leaseUntil, long itemId, Integer slot, UUID jobId) {
    }

    @Scheduled(every = "${tessera.leases.reap-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reapOnSchedule() {
        reapExpired();
    }

    /**
     * Returns the slots of expired leases to the pool: one statement, so it needs no surrounding
     * transaction. Safe on every instance at once (SKIP LOCKED). Returns the slots reopened.
     */
    public int reapExpired() {
        try (Connection c = dataSource.getConnection(); PreparedStatement reap = c.prepareStatement(REAP)) {
            reap.setTimestamp(1, Timestamp.from(clock.instant()));
            return reap.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
