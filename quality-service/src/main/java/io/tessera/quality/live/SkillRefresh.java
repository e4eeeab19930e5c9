package io.tessera.quality.live;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Refreshes each worker's agreement with the merged labels of resolved items, per job, on a schedule
 * ({@code tessera.quality.skill-refresh-interval}). The live decisions read it beside the worker's
 * gold record: accuracy = (gold correct + agreed + 3.5) / (gold seen + compared + 5). Gold moves a
 * worker's model at once; agreement follows within one interval. Only jobs with a decision since
 * their last refresh are recomputed, and only categorical and pairwise jobs, whose labels compare by
 * equality. A recount is idempotent, so several instances may run it.
 */
@ApplicationScoped
public class SkillRefresh {
    private static final Logger LOG = Logger.getLogger(SkillRefresh.class);
    /**
     * {@code decided_upto} is the job's latest decision time when it was counted, so "stale" compares
     * the job's own timestamps and no two clocks.
     */
    static final String REFRESH = """
            WITH stale AS (
                SELECT d.job_id, max(d.decided_at) AS upto FROM item_decision d JOIN known_job j ON j.id = d.job_id
                WHERE d.state = 'resolved' AND j.kind IN ('categorical', 'pairwise')
                GROUP BY d.job_id
                HAVING max(d.decided_at) > coalesce(
                    (SELECT max(a.decided_upto) FROM worker_job_agreement a WHERE a.job_id = d.job_id), '-infinity'))
            INSERT INTO worker_job_agreement AS a (job_id, worker_id, compared, agreed, decided_upto)
            SELECT l.job_id, l.worker_id, count(*), count(*) FILTER (WHERE l.label = d.label), s.upto
            FROM label l JOIN stale s ON s.job_id = l.job_id
            JOIN item_decision d ON d.item_id = l.item_id AND d.state = 'resolved'
            WHERE NOT l.gold AND NOT l.rejected
            GROUP BY l.job_id, l.worker_id, s.upto
            ON CONFLICT (job_id, worker_id) DO UPDATE SET compared = EXCLUDED.compared, agreed = EXCLUDED.agreed,
                decided_upto = EXCLUDED.decided_upto""";

    private final DataSource dataSource;

    public SkillRefresh(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Scheduled(every = "${tessera.quality.skill-refresh-interval}", delayed = "${tessera.quality.skill-refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("Worker skill refresh failed: %s", e);
        }
    }

    /** Recounts agreement for every job with a decision since its last refresh; returns the rows written. */
    @Transactional
    public int refresh() {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(REFRESH)) {
            return q.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
