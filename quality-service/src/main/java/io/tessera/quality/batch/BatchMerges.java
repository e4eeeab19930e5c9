package io.tessera.quality.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.error.ApiProblem;
import io.tessera.common.event.Topics;
import io.tessera.common.outbox.Outbox;
import io.tessera.quality.aggregation.AggregationResult;
import io.tessera.quality.aggregation.Aggregator;
import io.tessera.quality.aggregation.Aggregators;
import io.tessera.quality.aggregation.Answers;
import io.tessera.quality.aggregation.GoldLabels;
import io.tessera.quality.job.KnownJob;
import io.tessera.quality.live.QualityEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Re-merges a whole job with a batch algorithm (Dawid-Skene by default) over every counted label,
 * gold items included and clamped to their answers, so worker confusion is learned from gold and
 * agreement together. The run is stored; on request, resolved items whose label changed are
 * published again as {@code item.resolved} (task-service stores the improved label).
 */
@ApplicationScoped
public class BatchMerges {
    private static final String LABELS = """
            SELECT item_id, worker_id, label::text FROM label WHERE job_id = ? AND NOT rejected ORDER BY submission_id""";
    private static final String GOLD = "SELECT item_id, answer::text FROM gold_answer WHERE job_id = ?";
    private static final String LIVE = "SELECT item_id, label::text, labels FROM item_decision WHERE job_id = ? AND state = 'resolved'";
    private static final String RESOLVE = """
            UPDATE item_decision SET label = ?::jsonb, confidence = ?, decided_at = ? WHERE item_id = ? AND state = 'resolved'""";
    private static final String RECORD = """
            INSERT INTO aggregation_run (id, job_id, algorithm, items, changed, published, created_at, result)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)""";

    private final DataSource dataSource;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;

    public BatchMerges(DataSource dataSource, Outbox outbox, ObjectMapper json, Clock clock) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public AggregationRun run(KnownJob job, AggregationRequest request) {
        String name = request == null || request.algorithm() == null ? "ds" : request.algorithm();
        Aggregator algorithm = Aggregators.byName(name).orElseThrow(() -> ApiProblem.badRequest("algorithm",
                "is not known; one of " + Aggregators.names()));
        if (!supports(job.kind)) {
            throw ApiProblem.unprocessable("Batch merging of " + job.kind + " labels is not available yet; "
                    + "only categorical and pairwise jobs", List.of());
        }
        boolean publish = request != null && Boolean.TRUE.equals(request.publish());
        try (Connection c = dataSource.getConnection()) {
            Answers.Builder builder = Answers.builder();
            query(c, LABELS, job.id, rs -> builder.add(Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3)));
            Answers answers = builder.build();
            if (answers.size() == 0) {
                throw ApiProblem.conflict("The job has no counted labels yet");
            }
            Map<String, String> goldAnswers = new HashMap<>();
            query(c, GOLD, job.id, rs -> goldAnswers.put(Long.toString(rs.getLong(1)), rs.getString(2)));
            Map<Long, Live> live = new HashMap<>();
            query(c, LIVE, job.id, rs -> live.put(rs.getLong(1), new Live(rs.getString(2), rs.getInt(3))));
            AggregationResult result = algorithm.fit(answers, GoldLabels.of(answers, goldAnswers));

            Instant now = clock.instant();
            List<AggregationRun.ItemLabel> labels = new ArrayList<>();
            int changed = 0;
            Publisher publisher = publish ? new Publisher(c, job.id, now, algorithm.name()) : null;
            for (int t = 0; t < answers.itemCount(); t++) {
                String item = answers.item(t);
                if (goldAnswers.containsKey(item)) {
                    continue;
                }
                long itemId = Long.parseLong(item);
                Live decided = live.get(itemId);
                labels.add(new AggregationRun.ItemLabel(itemId, result.label(t), result.confidence(t),
                        decided == null ? null : decided.label()));
                if (decided != null && !decided.label().equals(result.label(t))) {
                    changed++;
                }
                if (publisher != null && decided != null) {
                    publisher.add(itemId, result.label(t), result.confidence(t), decided.labels());
                }
            }
            if (publisher != null) {
                publisher.close();
            }
            List<AggregationRun.WorkerSkill> workers = new ArrayList<>();
            for (int w = 0; w < answers.workerCount(); w++) {
                workers.add(new AggregationRun.WorkerSkill(answers.worker(w), result.skill(w)));
            }
            AggregationRun run = new AggregationRun(UUID.randomUUID(), job.id, algorithm.name(), result.iterations(),
                    result.converged(), labels.size(), changed, publish, now, workers, labels);
            record(c, run);
            return run;
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stores and publishes the batch labels in JDBC batches of {@value #BATCH} (one {@code item_decision}
     * update and one outbox row per item), so a job of many items is not one round trip per statement.
     */
    private final class Publisher implements AutoCloseable {
        static final int BATCH = 500;
        private final PreparedStatement resolve;
        private final PreparedStatement events;
        private final UUID jobId;
        private final Timestamp now;
        private final String algorithm;
        private int pending;

        Publisher(Connection c, UUID jobId, Instant now, String algorithm) throws SQLException {
            this.resolve = c.prepareStatement(RESOLVE);
            this.events = c.prepareStatement(Outbox.INSERT);
            this.jobId = jobId;
            this.now = Timestamp.from(now);
            this.algorithm = algorithm;
        }

        void add(long itemId, String label, double confidence, int labels)
                throws SQLException, com.fasterxml.jackson.core.JsonProcessingException {
            resolve.setString(1, label);
            resolve.setDouble(2, confidence);
            resolve.setTimestamp(3, now);
            resolve.setLong(4, itemId);
            resolve.addBatch();
            outbox.add(events, Topics.TASK_DECISIONS, outbox.envelope(QualityEvents.ITEM_RESOLVED, Long.toString(itemId),
                    new QualityEvents.ItemResolved(jobId, itemId, json.readTree(label), confidence, labels, algorithm)));
            events.addBatch();
            if (++pending == BATCH) {
                flush();
            }
        }

        private void flush() throws SQLException {
            if (pending > 0) {
                resolve.executeBatch();
                events.executeBatch();
                pending = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                flush();
            } finally {
                resolve.close();
                events.close();
            }
        }
    }

    private void record(Connection c, AggregationRun run) throws SQLException, com.fasterxml.jackson.core.JsonProcessingException {
        try (PreparedStatement q = c.prepareStatement(RECORD)) {
            q.setObject(1, run.id());
            q.setObject(2, run.jobId());
            q.setString(3, run.algorithm());
            q.setInt(4, run.items());
            q.setInt(5, run.changed());
            q.setBoolean(6, run.published());
            q.setTimestamp(7, Timestamp.from(run.createdAt()));
            q.setString(8, json.writeValueAsString(run));
            q.executeUpdate();
        }
    }

    /**
     * Kinds a batch merge handles: those whose labels are one of a fixed list of names, categorical and
     * pairwise (A, B, tie); the others keep their live decisions.
     */
    public static boolean supports(String kind) {
        return io.tessera.quality.job.LabelValues.isNominal(kind);
    }

    /** The job's quality policy as last seen on a submission (JSON). */
    public String policyJson(UUID jobId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT policy::text FROM known_job WHERE id = ?")) {
            q.setObject(1, jobId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : "{}";
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean hasCountedLabels(UUID jobId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM label WHERE job_id = ? AND NOT rejected)")) {
            q.setObject(1, jobId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A live decision: the resolved label and how many counted labels it was made from. */
    private record Live(String label, int labels) {
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, UUID jobId, Row row) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setObject(1, jobId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        }
    }
}
