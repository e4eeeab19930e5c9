package io.tessera.task.claim;

import io.quarkus.scheduler.Scheduled;
import io.tessera.common.error.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
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
                WHERE id = ? AND worker_id = ? AND state = 'leased' RETURNING id, item_id, slot)
            UPDATE task_slot s SET state = 'open', assignment_id = NULL
            FROM released r WHERE s.item_id = r.item_id AND s.slot = r.slot AND s.assignment_id = r.id""";
    private static final String OWNER = "SELECT worker_id, state FROM assignment WHERE id = ?";
    private static final String REAP = """
            WITH expired AS (
                UPDATE assignment SET state = 'expired' WHERE id IN (
                    SELECT id FROM assignment WHERE state = 'leased' AND lease_until <= ?
                    ORDER BY lease_until LIMIT 1000 FOR UPDATE SKIP LOCKED)
                RETURNING id, item_id, slot)
            UPDATE task_slot s SET state = 'open', assignment_id = NULL
            FROM expired e WHERE s.item_id = e.item_id AND s.slot = e.slot AND s.assignment_id = e.id""";

    private final DataSource dataSource;
    private final Clock clock;

    public LeaseService(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Transactional
    public void release(UUID workerId, UUID assignmentId) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement release = c.prepareStatement(RELEASE)) {
                release.setObject(1, assignmentId);
                release.setObject(2, workerId);
                release.executeUpdate();
            }
            try (PreparedStatement owner = c.prepareStatement(OWNER)) {
                owner.setObject(1, assignmentId);
                try (ResultSet rs = owner.executeQuery()) {
                    if (!rs.next()) {
                        throw ApiProblem.notFound("assignment", assignmentId);
                    }
                    if (!workerId.equals(rs.getObject(1, UUID.class))) {
                        throw ApiProblem.forbidden("This assignment belongs to another worker");
                    }
                    if (!"released".equals(rs.getString(2))) {
                        throw ApiProblem.conflict("The assignment is " + rs.getString(2) + ", not leased");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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
