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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Re-merges a whole job with a batch algorithm of its kind ({@link BatchAlgorithms}: Dawid-Skene for
 * categorical and pairwise jobs, the kind's reliability-weighted merge for the others, see
 * {@link KindMerges}) over every counted label, gold items included and clamped to their answers, so
 * worker reliability is learned from gold and agreement together. The run is stored; on request,
 * every resolved item is published again as {@code item.resolved} with the batch label and
 * {@code mergedBy} = the algorithm (task-service stores the improved label).
 *
 * <p>A run takes several transactions of its own, so call it outside one: the labels are read in one
 * read-only snapshot, the fit runs outside any transaction, the run is stored in one, and a published
 * run writes its labels in chunks of {@code tessera.quality.batch-publish-chunk} items, each chunk's
 * {@code item_decision} updates and outbox rows in one transaction together with the run's progress
 * ({@code aggregation_run.published_upto}, items in id order). A job of 100,000 items is then never one
 * transaction of 200,000 writes (the timeout, the locks, a retry of everything), and a run stopped
 * halfway resumes where it stopped: {@link #complete} finds the run of its {@code job.completed} event
 * and publishes the rest, each item once. A run does not publish once a newer run of the job publishes
 * (a late redelivery must not put older labels back).
 */
@ApplicationScoped
public class BatchMerges {
    private static final String LABELS = """
            SELECT item_id, worker_id, label::text FROM label WHERE job_id = ? AND NOT rejected ORDER BY submission_id""";
    private static final String GOLD = "SELECT item_id, answer::text FROM gold_answer WHERE job_id = ?";
    private static final String LIVE = "SELECT item_id, label::text FROM item_decision WHERE job_id = ? AND state = 'resolved'";
    private static final String SCHEMA = "SELECT schema::text FROM known_job WHERE id = ?";
    /** Labels, gold and live decisions from one snapshot (a label stored meanwhile is in none of them). */
    private static final String SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    /** Rows PostgreSQL sends at a time while the labels are read, so the driver never holds them all. */
    private static final int FETCH = 10_000;
    private static final String RECORD = """
            INSERT INTO aggregation_run (id, job_id, algorithm, items, changed, published, created_at, result, event_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
            ON CONFLICT (event_id) DO NOTHING""";
    private static final String RUN_OF_EVENT = "SELECT id, algorithm, items, changed FROM aggregation_run WHERE event_id = ?";
    /** What a stored run has left to publish: its labels of items that were resolved, after its progress, in id order. */
    private static final String UNPUBLISHED = """
            SELECT (l->>'itemId')::bigint AS item_id, l->>'label', (l->>'confidence')::float8
            FROM aggregation_run r CROSS JOIN jsonb_array_elements(r.result->'labels') l
            WHERE r.id = ? AND l->>'liveLabel' IS NOT NULL
              AND (r.published_upto IS NULL OR (l->>'itemId')::bigint > r.published_upto)
            ORDER BY item_id""";
    /**
     * Locks the run for one chunk (two attempts resuming the same run take turns and read each other's progress),
     * with its progress and whether a newer run of the job publishes.
     */
    private static final String LOCK_RUN = """
            SELECT r.published_upto, r.published_at IS NOT NULL,
                   EXISTS (SELECT 1 FROM aggregation_run n WHERE n.job_id = r.job_id AND n.published AND n.created_at > r.created_at)
            FROM aggregation_run r WHERE r.id = ? FOR UPDATE""";
    /** One chunk's batch labels in one statement; returns the items still resolved, with their label counts. */
    private static final String RESOLVE = """
            UPDATE item_decision d SET label = u.label::jsonb, confidence = u.confidence, decided_at = ?
            FROM unnest(?::bigint[], ?::text[], ?::float8[]) AS u(item_id, label, confidence)
            WHERE d.item_id = u.item_id AND d.job_id = ? AND d.state = 'resolved'
            RETURNING d.item_id, d.labels""";
    private static final String PROGRESS = "UPDATE aggregation_run SET published_upto = ?, published_at = ? WHERE id = ?";

    private final DataSource dataSource;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final int chunk;

    public BatchMerges(DataSource dataSource, Outbox outbox, ObjectMapper json, Clock clock,
            @ConfigProperty(name = "tessera.quality.batch-publish-chunk") int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("tessera.quality.batch-publish-chunk must be at least 1: " + chunk);
        }
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.chunk = chunk;
    }

    /** {@code POST /api/v1/jobs/{id}/aggregations}: merges, stores the run, and publishes it if asked. */
    public AggregationRun run(KnownJob job, AggregationRequest request) {
        String name = algorithm(job, request == null ? null : request.algorithm());
        boolean publish = request != null && Boolean.TRUE.equals(request.publish());
        Fitted fitted = fit(job, name, publish);
        UUID id = record(fitted.run(), null);
        if (publish) {
            publish(id, job.id, fitted.run().algorithm(), toPublish(fitted.run()));
        }
        return fitted.run();
    }

    /**
     * The re-merge of a completed job for its {@code job.completed} event: merges with {@code algorithm} and publishes
     * every resolved item, or, if the event's run is stored already (the event came again after the service stopped
     * or failed halfway), publishes what that run has not published yet.
     */
    public Completion complete(KnownJob job, String algorithm, UUID eventId) {
        long t0 = System.nanoTime();
        Stored stored = runOfEvent(eventId);
        if (stored != null) {
            Publication p = publish(stored.id(), job.id, stored.algorithm(), unpublished(stored.id()));
            return new Completion(stored.id(), stored.algorithm(), stored.items(), stored.changed(), true, p, 0, 0, 0,
                    seconds(t0));
        }
        Fitted fitted = fit(job, algorithm(job, algorithm), true);
        long t1 = System.nanoTime();
        UUID id = record(fitted.run(), eventId);
        AggregationRun run = fitted.run();
        // Another attempt at the same event stored its run first (two instances after a rebalance): publish that one.
        List<Pending> pending = id.equals(run.id()) ? toPublish(run) : unpublished(id);
        long t2 = System.nanoTime();
        Publication p = publish(id, job.id, run.algorithm(), pending);
        return new Completion(id, run.algorithm(), run.items(), run.changed(), !id.equals(run.id()), p, fitted.loadSeconds(),
                fitted.fitSeconds(), (t2 - t1) / 1e9, seconds(t0));
    }

    /**
     * What {@link #complete} did, for the log and the benchmark: the run, whether it was resumed (stored before), its
     * publication, and seconds spent loading the labels, fitting, storing the run (0 when resumed), and in all.
     */
    public record Completion(UUID runId, String algorithm, int items, int changed, boolean resumed,
            Publication publication, double loadSeconds, double fitSeconds, double recordSeconds, double totalSeconds) {
    }

    /**
     * One call's share of a run's publication: items published (those still resolved), transactions, seconds;
     * {@code complete}: the run has published every item; {@code superseded}: it stopped because a newer run of the
     * job publishes.
     */
    public record Publication(int items, int transactions, double seconds, boolean complete, boolean superseded) {
    }

    private String algorithm(KnownJob job, String requested) {
        List<String> names = BatchAlgorithms.forKind(job.kind);
        if (names.isEmpty()) {
            throw ApiProblem.unprocessable("Batch merging of " + job.kind + " labels is not available", List.of());
        }
        String name = requested == null ? names.get(0) : requested.toLowerCase(Locale.ROOT);
        if (!names.contains(name)) {
            throw ApiProblem.badRequest("algorithm", "'" + name + "' does not merge " + job.kind + " labels; a "
                    + job.kind + " job takes one of " + String.join(", ", names) + " (default " + names.get(0) + ")");
        }
        return name;
    }

    /** A run fitted and not stored yet, with the seconds spent reading the job and fitting. */
    private record Fitted(AggregationRun run, double loadSeconds, double fitSeconds) {
    }

    /**
     * Reads the job's labels, gold answers and live decisions in one read-only snapshot, then fits outside any
     * transaction. The run's time is taken first: decisions made after it are not the ones it saw.
     */
    private Fitted fit(KnownJob job, String name, boolean publish) {
        Instant now = clock.instant();
        long t0 = System.nanoTime();
        Loaded loaded;
        Map<Long, String> live = new HashMap<>(); // the live label of each resolved item
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute(SNAPSHOT);
                }
                loaded = LabelValues.isNominal(job.kind) ? nominal(c, job, name) : kind(c, job, name);
                query(c, LIVE, job.id, rs -> live.put(rs.getLong(1), rs.getString(2)));
                c.commit();
            } catch (SQLException | RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        long t1 = System.nanoTime();
        Merged merged = loaded.fit();
        List<AggregationRun.ItemLabel> labels = new ArrayList<>();
        int changed = 0;
        for (int t = 0; t < merged.items().size(); t++) {
            String item = merged.items().get(t);
            if (merged.gold().contains(item)) {
                continue;
            }
            long itemId = Long.parseLong(item);
            String decided = live.get(itemId);
            String label = merged.label().apply(t);
            double fitted = merged.confidence().applyAsDouble(t);
            double confidence = Double.isNaN(fitted) ? 0 : fitted; // stored as JSON, which has no NaN
            labels.add(new AggregationRun.ItemLabel(itemId, label, confidence, decided));
            if (decided != null && !sameLabel(decided, label)) {
                changed++;
            }
        }
        List<AggregationRun.WorkerSkill> workers = new ArrayList<>();
        for (int w = 0; w < merged.workers().size(); w++) {
            double skill = merged.skill().applyAsDouble(w);
            workers.add(new AggregationRun.WorkerSkill(merged.workers().get(w), Double.isNaN(skill) ? null : skill));
        }
        AggregationRun run = new AggregationRun(UUID.randomUUID(), job.id, merged.algorithm(), merged.iterations(),
                merged.converged(), labels.size(), changed, publish, now, workers, labels);
        return new Fitted(run, (t1 - t0) / 1e9, seconds(t1));
    }

    /** Labels read and ready to fit. */
    @FunctionalInterface
    private interface Loaded {
        Merged fit();
    }

    /** Categorical and pairwise jobs: a categorical algorithm over the label names, gold clamped. */
    private Loaded nominal(Connection c, KnownJob job, String name) throws SQLException {
        Aggregator algorithm = Aggregators.byName(name).orElseThrow();
        Answers.Builder builder = Answers.builder();
        query(c, LABELS, job.id, rs -> builder.add(Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3)));
        Answers answers = builder.build();
        if (answers.size() == 0) {
            throw ApiProblem.conflict("The job has no counted labels yet");
        }
        Map<String, String> goldAnswers = new HashMap<>();
        query(c, GOLD, job.id, rs -> goldAnswers.put(Long.toString(rs.getLong(1)), rs.getString(2)));
        return () -> {
            AggregationResult result = algorithm.fit(answers, GoldLabels.of(answers, goldAnswers));
            return new Merged(algorithm.name(), result.iterations(), result.converged(), answers.items(),
                    goldAnswers.keySet(), result::label, result::confidence, answers.workers(), result::skill);
        };
    }

    /** The other kinds: the kind's merge from the library ({@link KindMerges}), gold fixed to its answers. */
    private Loaded kind(Connection c, KnownJob job, String name)
            throws SQLException, com.fasterxml.jackson.core.JsonProcessingException {
        Map<String, JsonNode> goldAnswers = new HashMap<>();
        query(c, GOLD, job.id, rs -> goldAnswers.put(Long.toString(rs.getLong(1)), readJson(rs.getString(2))));
        String[] schema = new String[1];
        query(c, SCHEMA, job.id, rs -> schema[0] = rs.getString(1));
        JsonNode schemaNode = json.readTree(schema[0] == null ? "{}" : schema[0]);
        KindMerges.Loaded loaded = KindMerges.load(job.kind, schemaNode, name, label -> query(c, LABELS, job.id,
                rs -> label.accept(Long.toString(rs.getLong(1)), rs.getString(2), readJson(rs.getString(3)))),
                goldAnswers);
        if (loaded.labels() == 0) {
            throw ApiProblem.conflict("The job has no counted labels yet");
        }
        return () -> {
            KindMerges.Fit fit = loaded.fit();
            MergedLabels<?> r = fit.result();
            return new Merged(name, fit.iterations(), fit.converged(), r.items(), goldAnswers.keySet(),
                    t -> fit.label().apply(t).toString(), r::confidence, r.workers(), r::skill);
        };
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

    /** One item to publish: its batch label (JSON text) and confidence. */
    private record Pending(long itemId, String label, double confidence) {
    }

    /** The run's labels of items that were resolved when it read them, in id order (the order chunks go in). */
    private static List<Pending> toPublish(AggregationRun run) {
        List<Pending> pending = new ArrayList<>();
        for (AggregationRun.ItemLabel l : run.labels()) {
            if (l.liveLabel() != null) {
                pending.add(new Pending(l.itemId(), l.label(), l.confidence()));
            }
        }
        pending.sort(java.util.Comparator.comparingLong(Pending::itemId));
        return pending;
    }

    /** What the stored run has not published yet, in id order. */
    private List<Pending> unpublished(UUID runId) {
        List<Pending> pending = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(UNPUBLISHED)) {
            q.setObject(1, runId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    pending.add(new Pending(rs.getLong(1), rs.getString(2), rs.getDouble(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return pending;
    }

    /** A stored run: enough to resume its publication. */
    private record Stored(UUID id, String algorithm, int items, int changed) {
    }

    private Stored runOfEvent(UUID eventId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(RUN_OF_EVENT)) {
            q.setObject(1, eventId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? new Stored(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getInt(4)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stores the run (one statement, so one transaction); returns its id, or the id of the run the same event stored
     * first.
     */
    private UUID record(AggregationRun run, UUID eventId) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement q = c.prepareStatement(RECORD)) {
                q.setObject(1, run.id());
                q.setObject(2, run.jobId());
                q.setString(3, run.algorithm());
                q.setInt(4, run.items());
                q.setInt(5, run.changed());
                q.setBoolean(6, run.published());
                q.setTimestamp(7, Timestamp.from(run.createdAt()));
                q.setString(8, json.writeValueAsString(run));
                q.setObject(9, eventId);
                if (q.executeUpdate() == 1) {
                    return run.id();
                }
            }
            return runOfEvent(eventId).id();
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Publishes {@code pending} (the run's unpublished items, in id order) chunk by chunk. Each chunk's transaction
     * locks the run and starts after the run's progress as it is then, so an attempt that resumes the same run at
     * the same time (another instance) skips what this one published, and no item is published twice.
     */
    private Publication publish(UUID runId, UUID jobId, String algorithm, List<Pending> pending) {
        long t0 = System.nanoTime();
        int from = 0;
        int items = 0;
        int transactions = 0;
        while (true) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    Long upto;
                    try (PreparedStatement q = c.prepareStatement(LOCK_RUN)) {
                        q.setObject(1, runId);
                        try (ResultSet rs = q.executeQuery()) {
                            if (!rs.next()) {
                                throw new IllegalStateException("aggregation run " + runId + " is not stored");
                            }
                            upto = rs.getObject(1, Long.class);
                            if (rs.getBoolean(2) || rs.getBoolean(3)) {
                                c.commit();
                                return new Publication(items, transactions, seconds(t0), rs.getBoolean(2), !rs.getBoolean(2));
                            }
                        }
                    }
                    while (upto != null && from < pending.size() && pending.get(from).itemId() <= upto) {
                        from++;
                    }
                    int to = Math.min(from + chunk, pending.size());
                    List<Pending> slice = pending.subList(from, to);
                    items += write(c, jobId, algorithm, slice);
                    boolean last = to == pending.size();
                    try (PreparedStatement q = c.prepareStatement(PROGRESS)) {
                        q.setObject(1, slice.isEmpty() ? upto : Long.valueOf(slice.get(slice.size() - 1).itemId()));
                        q.setTimestamp(2, last ? Timestamp.from(clock.instant()) : null);
                        q.setObject(3, runId);
                        q.executeUpdate();
                    }
                    c.commit();
                    transactions++;
                    if (last) {
                        return new Publication(items, transactions, seconds(t0), true, false);
                    }
                    from = to;
                } catch (SQLException | RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * One chunk: the batch labels of the items still resolved (one statement), and an {@code item.resolved} outbox
     * row for each of them (one JDBC batch). Returns how many items it published.
     */
    private int write(Connection c, UUID jobId, String algorithm, List<Pending> slice)
            throws SQLException, com.fasterxml.jackson.core.JsonProcessingException {
        if (slice.isEmpty()) {
            return 0;
        }
        Long[] ids = new Long[slice.size()];
        String[] labels = new String[slice.size()];
        Double[] confidences = new Double[slice.size()];
        for (int i = 0; i < slice.size(); i++) {
            ids[i] = slice.get(i).itemId();
            labels[i] = slice.get(i).label();
            confidences[i] = slice.get(i).confidence();
        }
        Map<Long, Integer> counted = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement(RESOLVE)) {
            q.setTimestamp(1, Timestamp.from(clock.instant()));
            q.setArray(2, c.createArrayOf("bigint", ids));
            q.setArray(3, c.createArrayOf("text", labels));
            q.setArray(4, c.createArrayOf("float8", confidences));
            q.setObject(5, jobId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    counted.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        try (PreparedStatement events = c.prepareStatement(Outbox.INSERT)) {
            for (Pending p : slice) {
                Integer labelCount = counted.get(p.itemId());
                if (labelCount == null) {
                    continue; // no longer resolved (reopened after a verdict): the batch label does not apply
                }
                outbox.add(events, Topics.TASK_DECISIONS, outbox.envelope(QualityEvents.ITEM_RESOLVED,
                        Long.toString(p.itemId()), new QualityEvents.ItemResolved(jobId, p.itemId(),
                                json.readTree(p.label()), p.confidence(), labelCount, algorithm)));
                events.addBatch();
            }
            events.executeBatch();
        }
        return counted.size();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
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

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, UUID jobId, Row row) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setFetchSize(FETCH);
            q.setObject(1, jobId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        }
    }
}
