package io.tessera.quality.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.error.ApiProblem;
import io.tessera.common.event.Topics;
import io.tessera.common.outbox.Outbox;
import io.tessera.common.quality.BatchAlgorithms;
import io.tessera.quality.aggregation.AggregationResult;
import io.tessera.quality.aggregation.Aggregator;
import io.tessera.quality.aggregation.Aggregators;
import io.tessera.quality.aggregation.Answers;
import io.tessera.quality.aggregation.GoldLabels;
import io.tessera.quality.aggregation.MergedLabels;
import io.tessera.quality.job.KnownJob;
import io.tessera.quality.job.LabelValues;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;
import javax.sql.DataSource;

/**
 * Re-merges a whole job with a batch algorithm of its kind ({@link BatchAlgorithms}: Dawid-Skene for
 * categorical and pairwise jobs, the kind's reliability-weighted merge for the others, see
 * {@link KindMerges}) over every counted label, gold items included and clamped to their answers, so
 * worker reliability is learned from gold and agreement together. The run is stored; on request,
 * every resolved item is published again as {@code item.resolved} with the batch label and
 * {@code mergedBy} = the algorithm (task-service stores the improved label).
 */
@ApplicationScoped
public class BatchMerges {
    private static final String LABELS = """
            SELECT item_id, worker_id, label::text FROM label WHERE job_id = ? AND NOT rejected ORDER BY submission_id""";
    private static final String GOLD = "SELECT item_id, answer::text FROM gold_answer WHERE job_id = ?";
    private static final String LIVE = "SELECT item_id, label::text, labels FROM item_decision WHERE job_id = ? AND state = 'resolved'";
    private static final String SCHEMA = "SELECT schema::text FROM known_job WHERE id = ?";
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
        List<String> names = BatchAlgorithms.forKind(job.kind);
        if (names.isEmpty()) {
            throw ApiProblem.unprocessable("Batch merging of " + job.kind + " labels is not available", List.of());
        }
        String name = request == null || request.algorithm() == null ? names.get(0)
                : request.algorithm().toLowerCase(Locale.ROOT);
        if (!names.contains(name)) {
            throw ApiProblem.badRequest("algorithm", "'" + name + "' does not merge " + job.kind + " labels; a "
                    + job.kind + " job takes one of " + String.join(", ", names) + " (default " + names.get(0) + ")");
        }
        boolean publish = request != null && Boolean.TRUE.equals(request.publish());
        try (Connection c = dataSource.getConnection()) {
            Merged merged = LabelValues.isNominal(job.kind) ? nominal(c, job, name) : kind(c, job, name);
            Map<Long, Live> live = new HashMap<>();
            query(c, LIVE, job.id, rs -> live.put(rs.getLong(1), new Live(rs.getString(2), rs.getInt(3))));

            Instant now = clock.instant();
            List<AggregationRun.ItemLabel> labels = new ArrayList<>();
            int changed = 0;
            Publisher publisher = publish ? new Publisher(c, job.id, now, merged.algorithm()) : null;
            for (int t = 0; t < merged.items().size(); t++) {
                String item = merged.items().get(t);
                if (merged.gold().contains(item)) {
                    continue;
                }
                long itemId = Long.parseLong(item);
                Live decided = live.get(itemId);
                String label = merged.label().apply(t);
                double fitted = merged.confidence().applyAsDouble(t);
                double confidence = Double.isNaN(fitted) ? 0 : fitted; // stored as JSON, which has no NaN
                labels.add(new AggregationRun.ItemLabel(itemId, label, confidence, decided == null ? null : decided.label()));
                if (decided != null && !sameLabel(decided.label(), label)) {
                    changed++;
                }
                if (publisher != null && decided != null) {
                    publisher.add(itemId, label, confidence, decided.labels());
                }
            }
            if (publisher != null) {
                publisher.close();
            }
            List<AggregationRun.WorkerSkill> workers = new ArrayList<>();
            for (int w = 0; w < merged.workers().size(); w++) {
                double skill = merged.skill().applyAsDouble(w);
                workers.add(new AggregationRun.WorkerSkill(merged.workers().get(w), Double.isNaN(skill) ? null : skill));
            }
            AggregationRun run = new AggregationRun(UUID.randomUUID(), job.id, merged.algorithm(), merged.iterations(),
                    merged.converged(), labels.size(), changed, publish, now, workers, labels);
            record(c, run);
            return run;
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Categorical and pairwise jobs: a categorical algorithm over the label names, gold clamped. */
    private Merged nominal(Connection c, KnownJob job, String name) throws SQLException {
        Aggregator algorithm = Aggregators.byName(name).orElseThrow();
        Answers.Builder builder = Answers.builder();
        query(c, LABELS, job.id, rs -> builder.add(Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3)));
        Answers answers = builder.build();
        if (answers.size() == 0) {
            throw ApiProblem.conflict("The job has no counted labels yet");
        }
        Map<String, String> goldAnswers = new HashMap<>();
        query(c, GOLD, job.id, rs -> goldAnswers.put(Long.toString(rs.getLong(1)), rs.getString(2)));
        AggregationResult result = algorithm.fit(answers, GoldLabels.of(answers, goldAnswers));
        return new Merged(algorithm.name(), result.iterations(), result.converged(), answers.items(), goldAnswers.keySet(),
                result::label, result::confidence, answers.workers(), result::skill);
    }

    /** The other kinds: the kind's merge from the library ({@link KindMerges}), gold fixed to its answers. */
    private Merged kind(Connection c, KnownJob job, String name) throws SQLException, com.fasterxml.jackson.core.JsonProcessingException {
        List<KindMerges.Row> rows = new ArrayList<>();
        query(c, LABELS, job.id, rs -> rows.add(new KindMerges.Row(Long.toString(rs.getLong(1)), rs.getString(2),
                readJson(rs.getString(3)))));
        if (rows.isEmpty()) {
            throw ApiProblem.conflict("The job has no counted labels yet");
        }
        Map<String, JsonNode> goldAnswers = new HashMap<>();
        query(c, GOLD, job.id, rs -> goldAnswers.put(Long.toString(rs.getLong(1)), readJson(rs.getString(2))));
        String[] schema = new String[1];
        query(c, SCHEMA, job.id, rs -> schema[0] = rs.getString(1));
        JsonNode schemaNode = json.readTree(schema[0] == null ? "{}" : schema[0]);
        KindMerges.Fit fit = KindMerges.fit(job.kind, schemaNode, name, rows, goldAnswers);
        MergedLabels<?> r = fit.result();
        return new Merged(name, fit.iterations(), fit.converged(), r.items(), goldAnswers.keySet(),
                t -> fit.label().apply(t).toString(), r::confidence, r.workers(), r::skill);
    }

    private JsonNode readJson(String text) throws SQLException {
        try {
            return json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("stored label is not JSON: " + text, e);
        }
    }

    /**
     * Whether two labels (JSON text) are the same label: equal JSON, numbers compared by value (the live
     * decision stores 3, a batch merge may write 3.0; PostgreSQL's jsonb text adds spaces).
     */
    boolean sameLabel(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return json.readTree(a).equals(NUMERIC, json.readTree(b));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
    }

    private static final java.util.Comparator<JsonNode> NUMERIC = (x, y) -> {
        if (x.equals(y)) {
            return 0;
        }
        if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return 1;
    };

    /**
     * A fitted batch merge of any kind: items and workers in the fit's order, the gold items (not
     * reported), and per item the label as JSON text and its confidence, per worker the skill.
     */
    private record Merged(String algorithm, int iterations, boolean converged, List<String> items, Set<String> gold,
            IntFunction<String> label, IntToDoubleFunction confidence, List<String> workers, IntToDoubleFunction skill) {
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

    /** Kinds a batch merge handles: every kind with algorithms in {@link BatchAlgorithms}. */
    public static boolean supports(String kind) {
        return !BatchAlgorithms.forKind(kind).isEmpty();
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
