package io.tessera.quality.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.tessera.common.event.Topics;
import io.tessera.common.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Refreshes each worker's agreement with the merged labels of resolved items, per job, on a schedule
 * ({@code tessera.quality.skill-refresh-interval}). The live decisions read it beside the worker's
 * gold record: accuracy = (gold correct + agreed + 3.5) / (gold seen + compared + 5). Gold moves a
 * worker's model at once; agreement follows within one interval. Only jobs with a decision since
 * their last refresh are recomputed. Categorical and pairwise labels agree when equal; for the other
 * kinds each label's agreement with its item's decision is first computed in Java
 * ({@link LabelAgreement}) into {@code item_agreement}, for the decisions made since the last count.
 * A recount is idempotent, so several instances may run it.
 *
 * <p>The same transaction publishes the figures that changed as {@code worker.agreement} on
 * tessera.worker-scores (worker-service's floor dashboards): one event per (worker, job) whose
 * {@code compared} or {@code agreed} moved, at most {@code tessera.quality.agreement-publish-limit} per
 * run (the rest go with the next run).
 */
@ApplicationScoped
public class SkillRefresh {
    private static final Logger LOG = Logger.getLogger(SkillRefresh.class);
    /**
     * Jobs with a resolved decision later than their last count ({@code counted}), and their latest
     * ({@code upto}). One backward probe of {@code item_decision_resolved} (V8) per job, so a run costs
     * the number of jobs, not of decisions (an aggregate over every decision read the whole table each
     * interval).
     */
    static final String STALE = """
            SELECT j.id AS job_id, j.kind, last.upto, counted.upto AS counted
            FROM known_job j
            CROSS JOIN LATERAL (SELECT max(d.decided_at) AS upto FROM item_decision d
                                WHERE d.job_id = j.id AND d.state = 'resolved') last
            CROSS JOIN LATERAL (SELECT max(a.decided_upto) AS upto FROM worker_job_agreement a WHERE a.job_id = j.id) counted
            WHERE last.upto > coalesce(counted.upto, '-infinity')""";
    /**
     * {@code decided_upto} is the job's latest decision time when it was counted, so "stale" compares
     * the job's own timestamps and no two clocks. A row is rewritten only by a count that covers at least
     * as late a decision (two instances counting at once cannot put older figures back), and loses
     * {@code published} when its figures changed.
     */
    static final String REFRESH = """
            WITH stale AS (%s)
            INSERT INTO worker_job_agreement AS a (job_id, worker_id, compared, agreed, decided_upto, published)
            SELECT l.job_id, l.worker_id, count(*) FILTER (WHERE %s), count(*) FILTER (WHERE %s), s.upto, false
            FROM label l JOIN stale s ON s.job_id = l.job_id
            JOIN item_decision d ON d.item_id = l.item_id AND d.state = 'resolved'
            %s
            WHERE NOT l.gold AND NOT l.rejected
            GROUP BY l.job_id, l.worker_id, s.upto
            HAVING count(*) FILTER (WHERE %s) > 0
            ON CONFLICT (job_id, worker_id) DO UPDATE SET compared = EXCLUDED.compared, agreed = EXCLUDED.agreed,
                decided_upto = EXCLUDED.decided_upto,
                published = a.published AND a.compared = EXCLUDED.compared AND a.agreed = EXCLUDED.agreed
            WHERE a.decided_upto <= EXCLUDED.decided_upto"""
            .formatted(STALE, LabelAgreement.comparedSql("s.kind"), LabelAgreement.agreedSql("s.kind"), LabelAgreement.JOIN_SQL,
                    LabelAgreement.comparedSql("s.kind"));
    /**
     * Counted labels on resolved items of the kinds {@link LabelAgreement} compares, in jobs with a decision
     * since their last count, whose agreement was not computed against the item's current decision. Only
     * decisions since the last count, less a margin: a decision's {@code decided_at} is taken inside its
     * transaction, which commits within the transaction timeout (60 s), so one that committed after the
     * last count is at most that much older than it.
     */
    static final String UNCOMPUTED = """
            WITH stale AS (%s)
            SELECT d.item_id, d.job_id, d.decided_at, d.label::text, l.worker_id, l.label::text, s.kind, j.schema::text
            FROM stale s
            JOIN item_decision d ON d.job_id = s.job_id AND d.state = 'resolved'
                 AND d.decided_at > coalesce(s.counted - interval '2 minutes', '-infinity')
            JOIN known_job j ON j.id = d.job_id
            JOIN label l ON l.item_id = d.item_id AND NOT l.gold AND NOT l.rejected
            WHERE s.kind NOT IN ('categorical', 'pairwise')
              AND NOT EXISTS (SELECT 1 FROM item_agreement g
                              WHERE g.item_id = d.item_id AND g.worker_id = l.worker_id AND g.decided_at = d.decided_at)"""
            .formatted(STALE);
    private static final String SAVE_AGREEMENT = """
            INSERT INTO item_agreement (item_id, worker_id, job_id, agrees, decided_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (item_id, worker_id) DO UPDATE SET agrees = EXCLUDED.agrees, decided_at = EXCLUDED.decided_at""";
    /**
     * Marks up to {@code limit} unpublished rows published and returns them, with the job's organisation.
     * Rows another instance's refresh holds are skipped (that refresh publishes them); the rest wait for
     * the next run.
     */
    static final String PUBLISH = """
            UPDATE worker_job_agreement a SET published = true
            WHERE (a.job_id, a.worker_id) IN (
                    SELECT u.job_id, u.worker_id FROM worker_job_agreement u WHERE NOT u.published
                    LIMIT ? FOR UPDATE SKIP LOCKED)
              AND NOT a.published
            RETURNING a.worker_id, a.job_id, (SELECT j.org_id FROM known_job j WHERE j.id = a.job_id),
                      a.compared, a.agreed, a.decided_upto""";
    /** Outbox rows per JDBC batch. */
    private static final int BATCH = 500;

    private final DataSource dataSource;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final int publishLimit;

    public SkillRefresh(DataSource dataSource, Outbox outbox, ObjectMapper json, Clock clock,
            @ConfigProperty(name = "tessera.quality.agreement-publish-limit") int publishLimit) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.publishLimit = publishLimit;
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

    /**
     * Recounts agreement for every job with a decision since its last refresh, and publishes the
     * figures that changed as {@code worker.agreement}, in the same transaction; returns the rows recounted.
     */
    @Transactional
    public int refresh() {
        try (Connection c = dataSource.getConnection()) {
            computeAgreement(c);
            int recounted;
            try (PreparedStatement q = c.prepareStatement(REFRESH)) {
                recounted = q.executeUpdate();
            }
            publish(c);
            return recounted;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Computes {@code item_agreement} for the labels {@link #UNCOMPUTED} finds. */
    private void computeAgreement(Connection c) throws SQLException {
        int saved = 0;
        int unreadable = 0;
        Map<UUID, JsonNode> schemas = new HashMap<>(); // parsed once per job, not per label
        try (PreparedStatement q = c.prepareStatement(UNCOMPUTED); PreparedStatement save = c.prepareStatement(SAVE_AGREEMENT)) {
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    UUID job = rs.getObject(2, UUID.class);
                    boolean agrees;
                    try {
                        JsonNode schema = schemas.get(job);
                        if (schema == null) {
                            schema = json.readTree(rs.getString(8));
                            schemas.put(job, schema);
                        }
                        agrees = LabelAgreement.agrees(rs.getString(7), schema,
                                json.readTree(rs.getString(6)), json.readTree(rs.getString(4)));
                    } catch (JsonProcessingException | RuntimeException e) {
                        unreadable++; // left uncomputed, so not compared; the labels were validated on submit
                        continue;
                    }
                    save.setLong(1, rs.getLong(1));
                    save.setObject(2, rs.getObject(5, UUID.class));
                    save.setObject(3, job);
                    save.setBoolean(4, agrees);
                    save.setTimestamp(5, rs.getTimestamp(3));
                    save.addBatch();
                    if (++saved % BATCH == 0) {
                        save.executeBatch();
                    }
                }
            }
            if (saved % BATCH != 0) {
                save.executeBatch();
            }
        }
        if (unreadable > 0) {
            LOG.warnf("Agreement of %d labels not computed: a label or its item's decision does not fit the job's kind", unreadable);
        }
        if (saved > 0) {
            LOG.debugf("Computed the agreement of %d labels", saved);
        }
    }

    /**
     * Writes one {@code worker.agreement} per changed (worker, job) into the outbox (key: worker id), so
     * the volume follows the labels on newly resolved items, not the number of workers.
     */
    private int publish(Connection c) throws SQLException {
        Instant computedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int published = 0;
        try (PreparedStatement q = c.prepareStatement(PUBLISH); PreparedStatement events = c.prepareStatement(Outbox.INSERT)) {
            q.setInt(1, publishLimit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    UUID worker = rs.getObject(1, UUID.class);
                    int compared = rs.getInt(4);
                    int agreed = rs.getInt(5);
                    QualityEvents.WorkerAgreement payload = new QualityEvents.WorkerAgreement(worker,
                            rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), compared, agreed,
                            compared == 0 ? 0 : (double) agreed / compared, rs.getTimestamp(6).toInstant(), computedAt);
                    outbox.add(events, Topics.WORKER_SCORES,
                            outbox.envelope(QualityEvents.WORKER_AGREEMENT, worker.toString(), payload));
                    events.addBatch();
                    if (++published % BATCH == 0) {
                        events.executeBatch();
                    }
                }
            }
            if (published % BATCH != 0) {
                events.executeBatch();
            }
        }
        if (published > 0) {
            LOG.debugf("Published the agreement of %d (worker, job) pairs", published);
        }
        return published;
    }
}
