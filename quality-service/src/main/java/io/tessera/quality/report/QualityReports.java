package io.tessera.quality.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.common.error.ApiProblem;
import io.tessera.common.security.Caller;
import io.tessera.quality.aggregation.Aggregator;
import io.tessera.quality.aggregation.Aggregators;
import io.tessera.quality.job.KnownJob;
import io.tessera.quality.job.KnownJobRepository;
import io.tessera.quality.live.GoldPrior;
import io.tessera.quality.live.LabelAgreement;
import io.tessera.quality.live.Policy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class QualityReports {
    private static final String WORKERS = """
            SELECT l.worker_id,
                   count(*) FILTER (WHERE NOT l.gold),
                   count(*) FILTER (WHERE l.gold),
                   count(*) FILTER (WHERE l.gold AND l.correct),
                   count(d.item_id) FILTER (WHERE NOT l.gold AND NOT l.rejected AND %s),
                   count(d.item_id) FILTER (WHERE NOT l.gold AND NOT l.rejected AND %s),
                   count(*) FILTER (WHERE l.rejected),
                   (SELECT count(*) FROM skip k WHERE k.job_id = l.job_id AND k.worker_id = l.worker_id),
                   max(v.scope), max(v.action), max(v.reason), max(v.evidence::text), bool_or(v.reject_labels),
                   max(v.decided_at)
            FROM label l
            LEFT JOIN item_decision d ON d.item_id = l.item_id AND d.state = 'resolved'
            JOIN known_job j ON j.id = l.job_id
            %s
            LEFT JOIN verdict v ON v.job_id = l.job_id AND v.worker_id = l.worker_id
            WHERE l.job_id = ?
            GROUP BY l.job_id, l.worker_id ORDER BY l.worker_id"""
            .formatted(LabelAgreement.comparedSql("j.kind"), LabelAgreement.agreedSql("j.kind"), LabelAgreement.JOIN_SQL);
    private static final String ITEMS = """
            SELECT count(*) FILTER (WHERE state = 'resolved'), count(*) FILTER (WHERE state = 'extended')
            FROM item_decision WHERE job_id = ?""";
    /** Counted labels (not rejected) of the job, in submission order, so KEEP_LAST keeps a worker's latest. */
    private static final String LABELS = """
            SELECT item_id, worker_id, label::text, gold FROM label WHERE job_id = ? AND NOT rejected ORDER BY submission_id""";
    private static final String GOLD = "SELECT item_id, answer::text FROM gold_answer WHERE job_id = ?";
    private static final String JOB = "SELECT schema::text, policy::text FROM known_job WHERE id = ?";
    private static final String WORKER_TOTAL = "SELECT seen, correct FROM worker_gold WHERE worker_id = ?";
    private static final String WORKER_JOBS = """
            SELECT g.job_id, g.seen, g.correct FROM worker_job_gold g JOIN known_job j ON j.id = g.job_id
            WHERE g.worker_id = ? AND (?::uuid IS NULL OR j.org_id = ?::uuid) ORDER BY j.first_seen""";

    private final KnownJobRepository jobs;
    private final DataSource dataSource;
    private final GoldPrior prior;
    private final Caller caller;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    private final AgreementReport.Limits limits;

    public QualityReports(KnownJobRepository jobs, DataSource dataSource, GoldPrior prior, Caller caller,
            com.fasterxml.jackson.databind.ObjectMapper json,
            @ConfigProperty(name = "tessera.quality.report.max-pairs") int maxPairs,
            @ConfigProperty(name = "tessera.quality.report.min-shared-items") int minSharedItems,
            @ConfigProperty(name = "tessera.quality.report.max-workers") int maxWorkers) {
        this.limits = new AgreementReport.Limits(maxPairs, minSharedItems, maxWorkers);
        this.jobs = jobs;
        this.dataSource = dataSource;
        this.prior = prior;
        this.caller = caller;
        this.json = json;
    }

    public JobQuality job(UUID jobId) {
        KnownJob job = jobs.readableBy(caller, jobId);
        try (Connection c = dataSource.getConnection()) {
            List<JobQuality.WorkerRow> workers = new ArrayList<>();
            long labels = 0;
            long gold = 0;
            try (PreparedStatement q = c.prepareStatement(WORKERS)) {
                q.setObject(1, job.id);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        long compared = rs.getLong(5);
                        JobQuality.Verdict verdict = rs.getString(9) == null ? null
                                : new JobQuality.Verdict(rs.getString(9), rs.getString(10), rs.getString(11),
                                        json.readTree(rs.getString(12)), rs.getBoolean(13), rs.getTimestamp(14).toInstant());
                        workers.add(new JobQuality.WorkerRow(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(7),
                                rs.getLong(3), rs.getLong(4), prior.accuracy(rs.getLong(4), rs.getLong(3)), compared,
                                compared == 0 ? null : (double) rs.getLong(6) / compared, rs.getLong(8), verdict));
                        labels += rs.getLong(2);
                        gold += rs.getLong(3);
                    }
                }
            }
            long resolved;
            long extended;
            try (PreparedStatement q = c.prepareStatement(ITEMS)) {
                q.setObject(1, job.id);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    resolved = rs.getLong(1);
                    extended = rs.getLong(2);
                }
            }
            JsonNode schema = json.createObjectNode();
            Policy policy = Policy.none();
            try (PreparedStatement q = c.prepareStatement(JOB)) {
                q.setObject(1, job.id);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        schema = json.readTree(rs.getString(1));
                        policy = json.readValue(rs.getString(2), Policy.class);
                    }
                }
            }
            List<AgreementReport.Row> rows = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(LABELS)) {
                q.setObject(1, job.id);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new AgreementReport.Row(rs.getLong(1), rs.getString(2), json.readTree(rs.getString(3)),
                                rs.getBoolean(4)));
                    }
                }
            }
            Map<Long, JsonNode> goldAnswers = new HashMap<>();
            try (PreparedStatement q = c.prepareStatement(GOLD)) {
                q.setObject(1, job.id);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        goldAnswers.put(rs.getLong(1), json.readTree(rs.getString(2)));
                    }
                }
            }
            // A policy naming an algorithm this version does not know falls back to the default rather than failing the report.
            Aggregator algorithm = Aggregators.byName(policy.batchAlgorithmOrDefault())
                    .orElseGet(() -> Aggregators.byName(Policy.DEFAULT_BATCH_ALGORITHM).orElseThrow());
            return new JobQuality(job.id, job.kind, labels, gold, resolved, extended, workers,
                    AgreementReport.agreement(job.kind, schema, rows, limits),
                    AgreementReport.distribution(job.kind, schema, rows),
                    AgreementReport.model(job.kind, schema, rows, goldAnswers, algorithm, limits));
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A worker reads their own scores; an admin anyone's; a client only the jobs of its organisation. */
    public WorkerScores worker(UUID workerId) {
        UUID onlyOrg = null;
        if (caller.is(Caller.CLIENT) && !caller.is(Caller.ADMIN)) {
            onlyOrg = caller.org();
        } else if (!caller.is(Caller.ADMIN) && !caller.id().equals(workerId)) {
            throw ApiProblem.forbidden("Workers may read only their own scores");
        }
        try (Connection c = dataSource.getConnection()) {
            List<WorkerScores.JobScore> perJob = new ArrayList<>();
            long seen = 0;
            long correct = 0;
            try (PreparedStatement q = c.prepareStatement(WORKER_JOBS)) {
                q.setObject(1, workerId);
                q.setObject(2, onlyOrg);
                q.setObject(3, onlyOrg);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        perJob.add(new WorkerScores.JobScore(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3),
                                prior.accuracy(rs.getLong(3), rs.getLong(2))));
                        seen += rs.getLong(2);
                        correct += rs.getLong(3);
                    }
                }
            }
            if (onlyOrg == null) {
                try (PreparedStatement q = c.prepareStatement(WORKER_TOTAL)) {
                    q.setObject(1, workerId);
                    try (ResultSet rs = q.executeQuery()) {
                        if (rs.next()) {
                            seen = rs.getLong(1);
                            correct = rs.getLong(2);
                        }
                    }
                }
            }
            return new WorkerScores(workerId, seen, correct, prior.accuracy(correct, seen), perJob);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
