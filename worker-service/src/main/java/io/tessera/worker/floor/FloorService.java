package io.tessera.worker.floor;

import io.tessera.common.error.ApiProblem;
import io.tessera.common.security.Caller;
import io.tessera.worker.job.KnownJobs;
import io.tessera.worker.team.Team;
import io.tessera.worker.team.TeamRepository;
import io.tessera.worker.vendor.VendorAccess;
import io.tessera.worker.vendor.VendorRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.Session;

/**
 * Floor dashboards from what worker-service itself holds: labels and skips from the submission
 * events (the fraud facts, kept for {@code tessera.fraud.retention}), gold accuracy from
 * {@code worker.scored}, agreement with resolved items from {@code worker.agreement} (summed over the
 * worker's jobs), blocks and fraud signals. Live leases are task-service's and are not here
 * (docs/worker-service.md).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class FloorService {
    private static final String VENDOR_FLOOR = """
            SELECT a.id, a.username, a.display_name, a.active,
                   (SELECT count(*) FROM activity x WHERE x.worker_id = a.id AND x.type = 'submit' AND x.at > ?1h AND x.at <= ?now),
                   (SELECT count(*) FROM activity x WHERE x.worker_id = a.id AND x.type = 'submit' AND x.at > ?1d AND x.at <= ?now),
                   (SELECT count(*) FROM activity x WHERE x.worker_id = a.id AND x.type = 'skip' AND x.at > ?1d AND x.at <= ?now),
                   (SELECT max(x.at) FROM activity x WHERE x.worker_id = a.id AND x.type = 'submit' AND x.at <= ?now),
                   s.gold_seen, s.gold_accuracy,
                   (SELECT count(*) FROM worker_block b WHERE b.worker_id = a.id AND b.lifted_at IS NULL
                        AND (b.until IS NULL OR b.until > ?now)),
                   (SELECT count(*) FROM fraud_signal f WHERE f.worker_id = a.id AND f.last_seen_at > ?1d),
                   w.team_id, s.gold_correct, ag.compared, ag.agreed
            FROM account a JOIN worker w ON w.id = a.id LEFT JOIN worker_score s ON s.worker_id = a.id
            LEFT JOIN LATERAL (SELECT sum(g.compared) AS compared, sum(g.agreed) AS agreed
                               FROM worker_job_agreement g WHERE g.worker_id = a.id) ag ON true
            WHERE a.role = 'worker' AND a.vendor_id = ?vendor AND (?team IS NULL OR w.team_id = ?team)
            ORDER BY a.username""";
    private static final String JOB_FLOOR = """
            SELECT wj.worker_id,
                   (SELECT count(*) FROM activity x WHERE x.worker_id = wj.worker_id AND x.job_id = wj.job_id
                        AND x.type = 'submit' AND x.at > ?1h AND x.at <= ?now),
                   (SELECT count(*) FROM activity x WHERE x.worker_id = wj.worker_id AND x.job_id = wj.job_id
                        AND x.type = 'submit' AND x.at > ?1d AND x.at <= ?now),
                   (SELECT count(*) FROM activity x WHERE x.worker_id = wj.worker_id AND x.job_id = wj.job_id
                        AND x.type = 'skip' AND x.at > ?1d AND x.at <= ?now),
                   (SELECT max(x.at) FROM activity x WHERE x.worker_id = wj.worker_id AND x.job_id = wj.job_id
                        AND x.type = 'submit' AND x.at <= ?now),
                   s.gold_seen, s.gold_accuracy,
                   EXISTS (SELECT 1 FROM worker_block b WHERE b.worker_id = wj.worker_id AND b.lifted_at IS NULL
                        AND (b.until IS NULL OR b.until > ?now)
                        AND (b.scope = 'platform' OR b.scope = 'org' AND b.org_id = ?org OR b.scope = 'job' AND b.job_id = wj.job_id)),
                   g.compared, g.agreed
            FROM worker_job wj LEFT JOIN worker_job_score s ON s.worker_id = wj.worker_id AND s.job_id = wj.job_id
            LEFT JOIN worker_job_agreement g ON g.worker_id = wj.worker_id AND g.job_id = wj.job_id
            WHERE wj.job_id = ?job
            ORDER BY wj.worker_id""";

    private final EntityManager em;
    private final VendorRepository vendors;
    private final KnownJobs jobs;
    private final TeamRepository teams;
    private final Clock clock;

    public FloorService(EntityManager em, VendorRepository vendors, KnownJobs jobs, TeamRepository teams, Clock clock) {
        this.em = em;
        this.teams = teams;
        this.vendors = vendors;
        this.jobs = jobs;
        this.clock = clock;
    }

    /**
     * Admins and the vendor's managers: one line per worker and one per team (teams in name order, then
     * the workers in no team, if any), so the teams add up to the floor. {@code teamId} narrows both to
     * one team of the vendor (another's, or an unknown one, is a 404).
     */
    public FloorViews.VendorFloor vendor(UUID vendorId, UUID teamId, Caller caller) {
        VendorAccess.checkManage(caller, vendorId);
        vendors.findByIdOptional(vendorId).orElseThrow(() -> ApiProblem.notFound("Vendor", vendorId));
        List<Team> teamList = teams.ofVendor(vendorId).stream().filter(t -> teamId == null || t.id.equals(teamId)).toList();
        if (teamId != null && teamList.isEmpty()) {
            throw ApiProblem.notFound("Team", teamId);
        }
        Instant now = clock.instant();
        List<FloorViews.FloorWorker> workers = query(VENDOR_FLOOR, now, vendorId, null, null, teamId, rs -> new FloorViews.FloorWorker(
                rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getObject(13, UUID.class),
                rs.getBoolean(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), instant(rs, 8), rs.getObject(9, Integer.class),
                rs.getObject(14, Integer.class), rs.getObject(10, Double.class), rs.getObject(15, Long.class),
                rs.getObject(16, Long.class), ratio(rs.getObject(16, Long.class), rs.getObject(15, Long.class)),
                rs.getLong(11), rs.getLong(12)));
        List<FloorViews.TeamFloor> perTeam = new ArrayList<>();
        for (Team t : teamList) {
            perTeam.add(FloorViews.TeamFloor.of(t.id, t.name,
                    workers.stream().filter(w -> t.id.equals(w.teamId())).toList()));
        }
        List<FloorViews.FloorWorker> teamless = workers.stream().filter(w -> w.teamId() == null).toList();
        if (!teamless.isEmpty()) {
            perTeam.add(FloorViews.TeamFloor.of(null, null, teamless));
        }
        return new FloorViews.VendorFloor(vendorId, teamId, now,
                workers.stream().mapToLong(FloorViews.FloorWorker::labelsLastHour).sum(),
                workers.stream().mapToLong(FloorViews.FloorWorker::labelsLast24h).sum(), perTeam, workers);
    }

    /** Admins and clients of the organisation; a job not known to be the organisation's is a 404. */
    public FloorViews.JobFloor job(UUID orgId, UUID jobId, Caller caller) {
        if (!caller.is(Caller.ADMIN) && !caller.org().equals(orgId)) {
            throw ApiProblem.forbidden("This organisation is not yours");
        }
        if (jobs.orgOf(jobId).filter(orgId::equals).isEmpty()) {
            throw ApiProblem.notFound("Job", jobId);
        }
        Instant now = clock.instant();
        List<FloorViews.JobWorker> workers = query(JOB_FLOOR, now, null, orgId, jobId, null, rs -> new FloorViews.JobWorker(
                rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3), rs.getLong(4), instant(rs, 5),
                rs.getObject(6, Integer.class), rs.getObject(7, Double.class), rs.getObject(9, Integer.class),
                rs.getObject(10, Integer.class), ratio(rs.getObject(10, Integer.class), rs.getObject(9, Integer.class)),
                rs.getBoolean(8)));
        return new FloorViews.JobFloor(jobId, orgId, now,
                workers.stream().mapToLong(FloorViews.JobWorker::labelsLastHour).sum(),
                workers.stream().mapToLong(FloorViews.JobWorker::labelsLast24h).sum(), workers);
    }

    /** Binds the named placeholders (?now, ?1h, ?1d, ?vendor, ?org, ?job, ?team) as JDBC parameters, in order. */
    private <T> List<T> query(String sql, Instant now, UUID vendor, UUID org, UUID job, UUID team, Row<T> row) {
        List<Object> params = new ArrayList<>();
        StringBuilder jdbc = new StringBuilder();
        Matcher m = Pattern.compile("\\?(now|1h|1d|vendor|org|job|team)").matcher(sql);
        while (m.find()) {
            m.appendReplacement(jdbc, switch (m.group(1)) {
                case "vendor", "org", "job", "team" -> "?::uuid";
                default -> "?::timestamptz";
            });
            params.add(switch (m.group(1)) {
                case "now" -> Timestamp.from(now);
                case "1h" -> Timestamp.from(now.minus(Duration.ofHours(1)));
                case "1d" -> Timestamp.from(now.minus(Duration.ofDays(1)));
                case "vendor" -> vendor;
                case "org" -> org;
                case "team" -> team;
                default -> job;
            });
        }
        m.appendTail(jdbc);
        return em.unwrap(Session.class).doReturningWork(c -> {
            List<T> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(jdbc.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    q.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(row.map(rs));
                    }
                }
            }
            return out;
        });
    }

    /** {@code part / whole}, null without a whole (no figures yet, or nothing compared). */
    static Double ratio(Number part, Number whole) {
        return part == null || whole == null || whole.longValue() == 0 ? null : part.doubleValue() / whole.doubleValue();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    @FunctionalInterface
    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }
}
