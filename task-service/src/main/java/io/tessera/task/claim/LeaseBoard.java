package io.tessera.task.claim;

import io.tessera.common.error.ApiProblem;
import io.tessera.common.security.Caller;
import io.tessera.task.access.JobAccess;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Live leases for floor dashboards: who holds work right now, per worker of a vendor's floor or
 * per worker of a job. task-service owns leases and publishes no event per lease, so dashboards
 * read them here (worker-service's dashboards have the labels, scores and blocks). Both queries walk
 * only live leases (the partial index on leased assignments).
 */
@ApplicationScoped
public class LeaseBoard {
    private static final String BY_VENDOR = """
            SELECT a.worker_id, count(*), count(DISTINCT a.job_id), min(a.leased_at), min(a.lease_until)
            FROM assignment a JOIN worker_profile p ON p.worker_id = a.worker_id
            WHERE a.state = 'leased' AND a.lease_until > ? AND p.vendor_id = ?
            GROUP BY a.worker_id ORDER BY count(*) DESC, a.worker_id""";
    private static final String BY_JOB = """
            SELECT a.worker_id, count(*), 1, min(a.leased_at), min(a.lease_until)
            FROM assignment a
            WHERE a.state = 'leased' AND a.lease_until > ? AND a.job_id = ?
            GROUP BY a.worker_id ORDER BY count(*) DESC, a.worker_id""";

    private final DataSource dataSource;
    private final JobAccess jobs;
    private final Caller caller;
    private final Clock clock;

    public LeaseBoard(DataSource dataSource, JobAccess jobs, Caller caller, Clock clock) {
        this.dataSource = dataSource;
        this.jobs = jobs;
        this.caller = caller;
        this.clock = clock;
    }

    /** One worker's live leases: how many, in how many jobs, since when, and the next to expire. */
    public record WorkerLeases(UUID workerId, long activeLeases, long jobs, Instant oldestLeasedAt, Instant nextExpiry) {
    }

    public record Board(UUID scopeId, Instant asOf, long activeLeases, List<WorkerLeases> workers) {
    }

    /** A vendor's floor: admins, or the vendor's own managers; another vendor's floor is a 404. */
    public Board forVendor(UUID vendorId) {
        if (!caller.is(Caller.ADMIN) && !caller.vendor().filter(vendorId::equals).isPresent()) {
            throw ApiProblem.notFound("vendor", vendorId);
        }
        return board(BY_VENDOR, vendorId);
    }

    /** A job's workers: admins, or the owning organisation's clients (404 for others). */
    public Board forJob(UUID jobId) {
        jobs.owned(jobId);
        return board(BY_JOB, jobId);
    }

    private Board board(String sql, UUID scopeId) {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setTimestamp(1, Timestamp.from(now));
            q.setObject(2, scopeId);
            List<WorkerLeases> workers = new ArrayList<>();
            long total = 0;
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    WorkerLeases w = new WorkerLeases(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3),
                            rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant());
                    total += w.activeLeases();
                    workers.add(w);
                }
            }
            return new Board(scopeId, now, total, workers);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
