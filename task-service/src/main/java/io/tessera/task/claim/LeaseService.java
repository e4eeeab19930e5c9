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
 * each updates the assignment row only while it is still {@code leased}, and both compare
 * {@code lease_until} with the same clock, so a lease is either submitted in time or expired.
 */
@ApplicationScoped
public class LeaseService {
    private static final String RELEASE = """
            WITH released AS (
                UPDATE assignment SET state = 'released'
                WHERE id = ? AND worker_id = ? AND state = 'leased' RETURNING id, item_id, slot, job_id),
            reopened AS (
                UPDATE task_slot s SET state = 'open', assignment_id = NULL
                FROM released r WHERE s.item_id = r.item_id AND s.slot = r.slot AND s.assignment_id = r.id)
            SELECT r.item_id, r.job_id, r.slot IS NULL FROM released r""";
    private static final String OWNER = "SELECT worker_id, state, lease_until FROM assignment WHERE id = ?";
    private static final String HEARTBEAT = """
            UPDATE assignment a SET lease_until = ?::timestamptz + make_interval(secs => j.lease_seconds)
            FROM job j
            WHERE a.id = ? AND a.worker_id = ? AND a.state = 'leased' AND a.lease_until > ? AND j.id = a.job_id
              AND j.state IN ('running', 'paused')
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
            try (PreparedStatement release = c.prepareStatement(RELEASE)) {
                release.setObject(1, assignmentId);
                release.setObject(2, workerId);
                try (ResultSet rs = release.executeQuery()) {
                    if (rs.next()) {
                        outbox.write(c, Topics.SUBMISSIONS, AssignmentReleased.TYPE, Long.toString(rs.getLong(1)),
                                new AssignmentReleased(assignmentId, rs.getObject(2, UUID.class), rs.getLong(1), workerId,
                                        rs.getBoolean(3), clock.instant()));
                        return;
                    }
                }
            }
            String state = owned(c, workerId, assignmentId).state();
            if (!"released".equals(state)) {
                throw ApiProblem.conflict("The assignment is " + state + ", not leased");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Extends a live lease by the job's lease length from now; returns the new expiry. */
    @Transactional
    public Instant heartbeat(UUID workerId, UUID assignmentId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement q = c.prepareStatement(HEARTBEAT)) {
                q.setTimestamp(1, Timestamp.from(now));
                q.setObject(2, assignmentId);
                q.setObject(3, workerId);
                q.setTimestamp(4, Timestamp.from(now));
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        return rs.getTimestamp(1).toInstant();
                    }
                }
            }
            Owned owned = owned(c, workerId, assignmentId);
            throw ApiProblem.conflict("The assignment is " + owned.state()
                    + ("leased".equals(owned.state()) ? ", but its lease ended at " + owned.leaseUntil() : "")
                    + "; it can no longer be extended");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The assignment's state, after checking it exists (404) and is the caller's (403). */
    private static Owned owned(Connection c, UUID workerId, UUID assignmentId) throws SQLException {
        try (PreparedStatement owner = c.prepareStatement(OWNER)) {
            owner.setObject(1, assignmentId);
            try (ResultSet rs = owner.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("assignment", assignmentId);
                }
                if (!workerId.equals(rs.getObject(1, UUID.class))) {
                    throw ApiProblem.forbidden("This assignment belongs to another worker");
                }
                return new Owned(rs.getString(2), rs.getTimestamp(3).toInstant());
            }
        }
    }

    private record Owned(String state, Instant leaseUntil) {
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
