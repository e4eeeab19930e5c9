package io.tessera.quality.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.tessera.common.event.EventConsumers;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.EventHandler;
import io.tessera.common.event.Topics;
import io.tessera.common.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Consumes submissions and skips, and decides label by label: gold answers update the worker's
 * gold score at once; a regular item with its required number of counted labels is decided by
 * {@link ItemDecider} (categorical, pairwise) or {@link KindDecider} (the other kinds) under the
 * workers' current accuracies (gold at once, agreement as {@link SkillRefresh} last counted it) and the job's confidence
 * target (resolved, or one more label up to maxOverlap). Events of an item share a partition (key:
 * item id), so one consumer sees an item's labels in order.
 *
 * <p>Each worker whose events a poll carried is then checked against the job's policy
 * ({@link WorkerJudge}), and a broken rule becomes a verdict ({@link Verdicts}). The check runs after
 * the poll's transaction commits, not inside it: a worker's events spread over partitions (they are
 * keyed by item), and two consumer threads' open transactions do not see each other's labels and
 * skips, so a check inside each could miss a rule that the two together break. After commit, the
 * later of the two checks sees both.
 */
@ApplicationScoped
public class LiveDecisions {
    private static final Logger LOG = Logger.getLogger(LiveDecisions.class);
    public static final String GROUP = "quality-service";
    /** Accuracy assumed for deciding items: Beta(3.5, 1.5), a mean of 0.7 for a worker without gold answers. */
    private static final double DECISION_PRIOR_CORRECT = 3.5;
    private static final double DECISION_PRIOR_SEEN = 5;

    private static final String UPSERT_JOB = """
            INSERT INTO known_job (id, org_id, kind, max_overlap, first_seen, policy, label_count, schema)
            VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb)
            ON CONFLICT (id) DO UPDATE SET max_overlap = EXCLUDED.max_overlap, policy = EXCLUDED.policy,
                schema = EXCLUDED.schema""";
    /**
     * Whether the job is stored as this submission describes it. Asked before {@link #UPSERT_JOB}, which
     * locks the job's row until the transaction ends even when nothing changes: run on every submission,
     * it made the consumer threads take turns on the job's row (most of their time in one measurement).
     */
    private static final String JOB_UNCHANGED = """
            SELECT EXISTS (SELECT 1 FROM known_job
                           WHERE id = ? AND max_overlap = ? AND policy = ?::jsonb AND schema = ?::jsonb)""";
    /** A transaction's labels; answers the submission ids stored now (not those applied before). */
    private static final String INSERT_LABELS = """
            INSERT INTO label (submission_id, job_id, item_id, worker_id, label, gold, correct, duration_ms, submitted_at,
                               rejected, required_labels)
            SELECT s, j, i, w, l::jsonb, g, c, d, t::timestamptz, r, q
            FROM unnest(?::bigint[], ?::uuid[], ?::bigint[], ?::uuid[], ?::text[], ?::boolean[], ?::boolean[], ?::bigint[],
                        ?::text[], ?::boolean[], ?::int[]) AS x(s, j, i, w, l, g, c, d, t, r, q)
            ON CONFLICT (submission_id) DO NOTHING
            RETURNING submission_id""";
    private static final String REMEMBER_GOLD = """
            INSERT INTO gold_answer (item_id, job_id, answer) VALUES (?, ?, ?::jsonb)
            ON CONFLICT (item_id) DO UPDATE SET answer = EXCLUDED.answer""";
    /** Of a transaction's (job, worker) pairs, those whose labels a verdict rejects. */
    private static final String REJECTING = """
            SELECT DISTINCT v.job_id, v.worker_id FROM verdict v
            JOIN unnest(?::uuid[], ?::uuid[]) AS p(job_id, worker_id) ON v.job_id = p.job_id AND v.worker_id = p.worker_id
            WHERE v.reject_labels""";
    private static final String SCORE_JOB = """
            INSERT INTO worker_job_gold AS g (job_id, worker_id, seen, correct) VALUES (?, ?, 1, ?)
            ON CONFLICT (job_id, worker_id) DO UPDATE SET seen = g.seen + 1, correct = g.correct + EXCLUDED.correct
            RETURNING seen, correct""";
    private static final String SCORE_WORKER = """
            INSERT INTO worker_gold AS g (worker_id, seen, correct) VALUES (?, 1, ?)
            ON CONFLICT (worker_id) DO UPDATE SET seen = g.seen + 1, correct = g.correct + EXCLUDED.correct
            RETURNING seen, correct""";
    /**
     * The items' counted labels with each worker's gold record (job first, then overall), their
     * agreement with the job's resolved items as last refreshed ({@link SkillRefresh}), and whether
     * rejected.
     */
    private static final String ITEM_LABELS = """
            SELECT l.item_id, l.submission_id, l.worker_id, l.label::text, l.rejected, coalesce(j.seen, w.seen, 0),
                   coalesce(j.correct, w.correct, 0), coalesce(a.compared, 0), coalesce(a.agreed, 0)
            FROM label l
            LEFT JOIN worker_job_gold j ON j.job_id = l.job_id AND j.worker_id = l.worker_id
            LEFT JOIN worker_gold w ON w.worker_id = l.worker_id
            LEFT JOIN worker_job_agreement a ON a.job_id = l.job_id AND a.worker_id = l.worker_id
            WHERE l.item_id = ANY(?) AND NOT l.gold ORDER BY l.item_id, l.submission_id""";
    private static final String DECISIONS = "SELECT item_id, state, required_labels FROM item_decision WHERE item_id = ANY(?)";
    private static final String SAVE_DECISION = """
            INSERT INTO item_decision (item_id, job_id, state, label, confidence, labels, required_labels, decided_at)
            VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?)
            ON CONFLICT (item_id) DO UPDATE SET state = EXCLUDED.state, label = EXCLUDED.label,
                confidence = EXCLUDED.confidence, labels = EXCLUDED.labels,
                required_labels = EXCLUDED.required_labels, decided_at = EXCLUDED.decided_at""";
    private static final String RECORD_SKIPS = """
            INSERT INTO skip (job_id, worker_id, item_id, released_at)
            SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::bigint[], ?::timestamptz[])""";
    private static final String JOB = "SELECT org_id, policy::text FROM known_job WHERE id = ?";
    /** Serialises checks of one (job, worker): two at once could both find the same broken rule. */
    private static final String LOCK_JUDGE = "SELECT pg_advisory_xact_lock(" + 0x5155_4a44 + ", ?)";

    private final EventConsumers consumers;
    private final DataSource dataSource;
    private final Outbox outbox;
    private final Verdicts verdicts;
    private final ObjectMapper json;
    private final GoldPrior prior;
    private final Clock clock;
    private final int threads;
    /** (job, worker) pairs this consumer thread's events touched since its last check. */
    private final ThreadLocal<Set<JobWorker>> toJudge = ThreadLocal.withInitial(HashSet::new);

    public LiveDecisions(EventConsumers consumers, DataSource dataSource, Outbox outbox, Verdicts verdicts,
            ObjectMapper json, GoldPrior prior, Clock clock,
            @ConfigProperty(name = "tessera.submissions.consumer-threads") int threads) {
        this.consumers = consumers;
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.verdicts = verdicts;
        this.json = json;
        this.prior = prior;
        this.clock = clock;
        this.threads = threads;
    }

    void start(@Observes StartupEvent event) {
        consumers.start(GROUP, List.of(Topics.SUBMISSIONS), threads, new EventHandler.SetWise() {
            @Override
            public void handleAll(List<EventEnvelope> events) throws Exception {
                apply(events);
            }

            @Override
            public void afterCommit() {
                judgeTouched();
            }
        });
    }

    /**
     * A transaction's events with a statement per step for all of them (docs/quality-service.md#live-decisions), and
     * each item decided label by label as if the events came one at a time.
     */
    void apply(List<EventEnvelope> events) throws Exception {
        List<SubmissionEvent> submissions = new ArrayList<>();
        List<QualityEvents.AssignmentReleased> skips = new ArrayList<>();
        for (EventEnvelope event : events) {
            switch (event.type()) {
                case SubmissionEvent.TYPE -> submissions.add(json.treeToValue(event.payload(), SubmissionEvent.class));
                case QualityEvents.ASSIGNMENT_RELEASED ->
                        skips.add(json.treeToValue(event.payload(), QualityEvents.AssignmentReleased.class));
                default -> LOG.debugf("Ignoring event type %s", event.type());
            }
        }
        try (Connection c = dataSource.getConnection()) {
            if (!skips.isEmpty()) {
                recordSkips(c, skips);
            }
            if (!submissions.isEmpty()) {
                onSubmissions(c, submissions);
            }
        }
    }

    /**
     * Stores the labels, then walks them in order: a rejected label reopens its slot, a gold answer scores its
     * worker, and the regular labels between two of those are decided together ({@link #decide}). Deciding
     * waits for a gold answer's score no longer than the per-event order would: a decision sees exactly the
     * gold answers and labels before it.
     */
    private void onSubmissions(Connection c, List<SubmissionEvent> submissions) throws Exception {
        Set<JobAsSent> remembered = new HashSet<>(); // each job as its events describe it, checked once
        for (SubmissionEvent s : submissions) {
            Policy policy = policyOf(s);
            if (remembered.add(new JobAsSent(s.jobId(), s.maxOverlap(), policy, s.schema()))) {
                rememberJob(c, s, policy);
            }
        }
        Set<JobWorker> rejecting = rejecting(c, submissions);
        List<Stored> stored = storeLabels(c, submissions, rejecting);
        Map<Long, Integer> order = new HashMap<>(); // submission id -> position among the stored
        for (int i = 0; i < stored.size(); i++) {
            order.put(stored.get(i).event().submissionId(), i);
        }
        List<Integer> undecided = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            Stored label = stored.get(i);
            SubmissionEvent s = label.event();
            if (label.rejected()) {
                decide(c, stored, undecided, order);
                // A judged worker's label that was on its way: it does not count, so its slot is replaced.
                verdicts.reopen(c, s.jobId(), s.itemId(), s.requiredLabels() + 1, s.workerId());
            } else if (s.gold()) {
                decide(c, stored, undecided, order);
                scoreGold(c, s, label.correct());
            } else {
                undecided.add(i);
            }
            if (policyOf(s).judgesWorkers()) {
                toJudge.get().add(new JobWorker(s.jobId(), s.workerId()));
            }
        }
        decide(c, stored, undecided, order);
    }

    private static Policy policyOf(SubmissionEvent s) {
        return s.quality() == null ? Policy.none() : s.quality();
    }

    private record JobAsSent(UUID jobId, int maxOverlap, Policy policy, JsonNode schema) {
    }

    /** A label stored by this transaction, with what was decided about it on the way in. */
    private record Stored(SubmissionEvent event, Boolean correct, boolean rejected) {
    }

    private void recordSkips(Connection c, List<QualityEvents.AssignmentReleased> skips) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(RECORD_SKIPS)) {
            q.setArray(1, c.createArrayOf("uuid", skips.stream().map(QualityEvents.AssignmentReleased::jobId).toArray()));
            q.setArray(2, c.createArrayOf("uuid", skips.stream().map(QualityEvents.AssignmentReleased::workerId).toArray()));
            q.setArray(3, c.createArrayOf("bigint", skips.stream().map(QualityEvents.AssignmentReleased::itemId).toArray()));
            q.setArray(4, c.createArrayOf("text", skips.stream().map(k -> k.releasedAt().toString()).toArray()));
            q.executeUpdate();
        }
        for (QualityEvents.AssignmentReleased skip : skips) {
            toJudge.get().add(new JobWorker(skip.jobId(), skip.workerId())); // the job's policy is read when judging
        }
    }

    private record JobWorker(UUID job, UUID worker) {
        int lockKey() {
            return Objects.hash(job, worker);
        }
    }

    /**
     * Checks the workers this thread's committed events touched, in one transaction. Locks are taken in
     * one order (by key) everywhere, so two threads' checks cannot deadlock. A failed check is logged
     * and dropped: the worker's next event checks them again.
     */
    void judgeTouched() {
        Set<JobWorker> touched = toJudge.get();
        if (touched.isEmpty()) {
            return;
        }
        List<JobWorker> pairs = new ArrayList<>(touched);
        touched.clear();
        pairs.sort(Comparator.comparingInt(JobWorker::lockKey));
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                try (Connection c = dataSource.getConnection()) {
                    for (JobWorker p : pairs) {
                        judge(c, p);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf(e, "Checking %d workers against their jobs' policies failed; their next events check again",
                    pairs.size());
        }
    }

    private void judge(Connection c, JobWorker p) throws Exception {
        Verdicts.SubmissionContext job;
        try (PreparedStatement q = c.prepareStatement(JOB)) {
            q.setObject(1, p.job());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return; // a job nobody has submitted to yet has no policy here to judge by
                }
                job = new Verdicts.SubmissionContext(p.job(), rs.getObject(1, UUID.class),
                        json.readValue(rs.getString(2), Policy.class));
            }
        }
        if (!job.policy().judgesWorkers()) {
            return;
        }
        try (PreparedStatement lock = c.prepareStatement(LOCK_JUDGE)) {
            lock.setInt(1, p.lockKey());
            lock.execute();
        }
        if (verdicts.judgedBefore(c, p.job(), p.worker())) {
            return;
        }
        var finding = WorkerJudge.judge(c, job.policy(), p.job(), p.worker());
        if (finding.isPresent()) {
            verdicts.issue(c, job, p.worker(), finding.get());
        }
    }

    private void rememberJob(Connection c, SubmissionEvent s, Policy policy) throws Exception {
        String policyJson = json.writeValueAsString(policy);
        try (PreparedStatement q = c.prepareStatement(JOB_UNCHANGED)) {
            q.setObject(1, s.jobId());
            q.setInt(2, s.maxOverlap());
            q.setString(3, policyJson);
            q.setString(4, s.schema().toString());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    return;
                }
            }
        }
        try (PreparedStatement q = c.prepareStatement(UPSERT_JOB)) {
            q.setObject(1, s.jobId());
            q.setObject(2, s.orgId());
            q.setString(3, s.schema().path("kind").asText());
            q.setInt(4, s.maxOverlap());
            q.setTimestamp(5, Timestamp.from(clock.instant()));
            q.setString(6, policyJson);
            q.setInt(7, categoricalLabelCount(s));
            q.setString(8, s.schema().toString());
            q.executeUpdate();
        }
    }

    /** K for the one-coin model (pairwise: A, B and maybe tie); 0 for kinds whose labels are not one of a fixed list. */
    private static int categoricalLabelCount(SubmissionEvent s) {
        return switch (s.schema().path("kind").asText()) {
            case "categorical" -> s.schema().path("labels").size();
            case "pairwise" -> s.schema().path("allowTie").asBoolean(false) ? 3 : 2;
            default -> 0;
        };
    }

    private static Set<JobWorker> rejecting(Connection c, List<SubmissionEvent> submissions) throws SQLException {
        List<SubmissionEvent> regular = submissions.stream().filter(s -> !s.gold()).toList();
        Set<JobWorker> rejecting = new HashSet<>();
        if (regular.isEmpty()) {
            return rejecting;
        }
        try (PreparedStatement q = c.prepareStatement(REJECTING)) {
            q.setArray(1, c.createArrayOf("uuid", regular.stream().map(SubmissionEvent::jobId).toArray()));
            q.setArray(2, c.createArrayOf("uuid", regular.stream().map(SubmissionEvent::workerId).toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rejecting.add(new JobWorker(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)));
                }
            }
        }
        return rejecting;
    }

    /**
     * Stores the labels in one statement and answers those stored now, in delivery order, each once: a
     * submission applied before (under another event id, or twice in this transaction) is left out.
     */
    private static List<Stored> storeLabels(Connection c, List<SubmissionEvent> submissions, Set<JobWorker> rejecting)
            throws SQLException {
        int n = submissions.size();
        List<Stored> candidates = new ArrayList<>(n);
        Object[] ids = new Object[n], jobs = new Object[n], items = new Object[n], workers = new Object[n],
                labels = new Object[n], gold = new Object[n], correct = new Object[n], durations = new Object[n],
                at = new Object[n], rejected = new Object[n], required = new Object[n];
        for (int k = 0; k < n; k++) {
            SubmissionEvent s = submissions.get(k);
            Boolean right = s.gold() ? s.label().equals(s.goldAnswer()) : null;
            boolean reject = !s.gold() && rejecting.contains(new JobWorker(s.jobId(), s.workerId()));
            candidates.add(new Stored(s, right, reject));
            ids[k] = s.submissionId();
            jobs[k] = s.jobId();
            items[k] = s.itemId();
            workers[k] = s.workerId();
            labels[k] = s.label().toString();
            gold[k] = s.gold();
            correct[k] = right;
            durations[k] = s.durationMs();
            at[k] = s.submittedAt().toString(); // ISO-8601 with its zone: read exactly by ::timestamptz
            rejected[k] = reject;
            required[k] = s.requiredLabels();
        }
        Set<Long> storedNow = new HashSet<>();
        try (PreparedStatement q = c.prepareStatement(INSERT_LABELS)) {
            q.setArray(1, c.createArrayOf("bigint", ids));
            q.setArray(2, c.createArrayOf("uuid", jobs));
            q.setArray(3, c.createArrayOf("bigint", items));
            q.setArray(4, c.createArrayOf("uuid", workers));
            q.setArray(5, c.createArrayOf("text", labels));
            q.setArray(6, c.createArrayOf("boolean", gold));
            q.setArray(7, c.createArrayOf("boolean", correct));
            q.setArray(8, c.createArrayOf("bigint", durations));
            q.setArray(9, c.createArrayOf("text", at));
            q.setArray(10, c.createArrayOf("boolean", rejected));
            q.setArray(11, c.createArrayOf("int", required));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    storedNow.add(rs.getLong(1));
                }
            }
        }
        // remove(): a submission twice in this transaction counts at its first occurrence
        return candidates.stream().filter(l -> storedNow.remove(l.event().submissionId())).toList();
    }

    private void scoreGold(Connection c, SubmissionEvent s, boolean correct) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(REMEMBER_GOLD)) { // batch merges clamp gold items to it
            q.setLong(1, s.itemId());
            q.setObject(2, s.jobId());
            q.setString(3, s.goldAnswer().toString());
            q.executeUpdate();
        }
        int[] job = increment(c, SCORE_JOB, correct, s.jobId(), s.workerId());
        int[] all = increment(c, SCORE_WORKER, correct, s.workerId());
        outbox.write(c, Topics.WORKER_SCORES, QualityEvents.WORKER_SCORED, s.workerId().toString(),
                new QualityEvents.WorkerScored(s.workerId(), s.jobId(), s.itemId(), correct, job[0], job[1],
                        prior.accuracy(job[1], job[0]), all[0], all[1], prior.accuracy(all[1], all[0]),
                        s.explanation()));
    }

    private static int[] increment(Connection c, String sql, boolean correct, Object... keys) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            int i = 1;
            for (Object key : keys) {
                q.setObject(i++, key);
            }
            q.setInt(i, correct ? 1 : 0);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return new int[] {rs.getInt(1), rs.getInt(2)};
            }
        }
    }

    /**
     * Decides the items of the {@code undecided} labels (positions in {@code stored}) and empties the list: two
     * statements read every item's decision and labels, then each label is decided in order with what the
     * per-event order would have seen: the labels stored before it, not those stored after it in this
     * transaction ({@code order}), and the decisions made before it.
     */
    private void decide(Connection c, List<Stored> stored, List<Integer> undecided, Map<Long, Integer> order)
            throws Exception {
        if (undecided.isEmpty()) {
            return;
        }
        Object[] items = undecided.stream().map(i -> stored.get(i).event().itemId()).distinct().toArray();
        Map<Long, ItemState> states = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement(DECISIONS)) {
            q.setArray(1, c.createArrayOf("bigint", items));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getLong(1), new ItemState(rs.getString(2), rs.getInt(3)));
                }
            }
        }
        Map<Long, List<ItemLabel>> labelsOf = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement(ITEM_LABELS)) {
            q.setArray(1, c.createArrayOf("bigint", items));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    double accuracy = (rs.getInt(7) + rs.getInt(9) + DECISION_PRIOR_CORRECT)
                            / (rs.getInt(6) + rs.getInt(8) + DECISION_PRIOR_SEEN);
                    labelsOf.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new ItemLabel(rs.getLong(2),
                            rs.getBoolean(5), new ItemDecider.Vote(rs.getString(3), rs.getString(4), accuracy)));
                }
            }
        }
        Writes writes = new Writes(c);
        for (int position : undecided) {
            SubmissionEvent s = stored.get(position).event();
            ItemState state = states.get(s.itemId());
            if (state != null && "resolved".equals(state.state())) {
                continue; // a late label for a resolved item is kept, the decision stands
            }
            int slots = state == null ? s.requiredLabels() : Math.max(s.requiredLabels(), state.required());
            List<ItemDecider.Vote> votes = new ArrayList<>();
            int rejected = 0;
            for (ItemLabel l : labelsOf.getOrDefault(s.itemId(), List.of())) {
                Integer storedAt = order.get(l.submissionId());
                if (storedAt != null && storedAt > position) {
                    continue; // stored after this label in this transaction
                }
                if (l.rejected()) {
                    rejected++;
                } else {
                    votes.add(l.vote());
                }
            }
            ItemState decided = decide(writes, s, policyOf(s), slots, votes, rejected);
            if (decided != null) {
                states.put(s.itemId(), decided);
            }
        }
        writes.flush();
        undecided.clear();
    }

    /**
     * The decisions and their events, sent to the database together once the labels are decided (a JDBC batch:
     * one round trip); deciding reads nothing they write, it keeps the items' states in memory.
     */
    private final class Writes {
        private final Connection c;
        private PreparedStatement decisions;
        private PreparedStatement events;

        Writes(Connection c) {
            this.c = c;
        }

        void save(SubmissionEvent s, String state, String label, Double confidence, int labels, int required)
                throws SQLException {
            if (decisions == null) {
                decisions = c.prepareStatement(SAVE_DECISION);
            }
            decisions.setLong(1, s.itemId());
            decisions.setObject(2, s.jobId());
            decisions.setString(3, state);
            decisions.setString(4, label);
            decisions.setObject(5, confidence);
            decisions.setInt(6, labels);
            decisions.setInt(7, required);
            decisions.setTimestamp(8, Timestamp.from(clock.instant()));
            decisions.addBatch();
        }

        void publish(String type, long item, Object payload) throws SQLException {
            if (events == null) {
                events = c.prepareStatement(Outbox.INSERT);
            }
            outbox.add(events, Topics.TASK_DECISIONS, outbox.envelope(type, Long.toString(item), payload));
            events.addBatch();
        }

        void flush() throws SQLException {
            for (PreparedStatement batch : new PreparedStatement[] {decisions, events}) {
                if (batch != null) {
                    try (batch) {
                        batch.executeBatch();
                    }
                }
            }
        }
    }

    private record ItemState(String state, int required) {
    }

    private record ItemLabel(long submissionId, boolean rejected, ItemDecider.Vote vote) {
    }

    /** One label's decision on its item; answers the item's new state, or null when it waits. */
    private ItemState decide(Writes writes, SubmissionEvent s, Policy policy, int slots, List<ItemDecider.Vote> votes,
            int rejected) throws Exception {
        int needed = slots - rejected;
        boolean atMost = slots >= s.maxOverlap() + rejected;
        String kind = s.schema().path("kind").asText();
        ItemDecider.Decision d = KindDecider.handles(kind)
                ? KindDecider.decide(kind, s.schema(), votes, needed, atMost, policy.confidenceTarget())
                : ItemDecider.decide(votes, needed, atMost, categoricalLabelCount(s), policy.confidenceTarget());
        return switch (d.outcome()) {
            case WAIT -> null;
            case EXTEND -> {
                writes.save(s, "extended", null, null, votes.size(), slots + 1);
                // task-service caps item.extended at maxOverlap; slots replacing rejected labels go beyond it.
                Object payload = rejected > 0
                        ? new QualityEvents.ItemReopened(s.jobId(), s.itemId(), slots + 1, null)
                        : new QualityEvents.ItemExtended(s.jobId(), s.itemId(), slots + 1);
                writes.publish(rejected > 0 ? QualityEvents.ITEM_REOPENED : QualityEvents.ITEM_EXTENDED, s.itemId(),
                        payload);
                yield new ItemState("extended", slots + 1);
            }
            case RESOLVE -> {
                writes.save(s, "resolved", d.label(), d.confidence(), votes.size(), slots);
                writes.publish(QualityEvents.ITEM_RESOLVED, s.itemId(), new QualityEvents.ItemResolved(s.jobId(),
                        s.itemId(), json.readTree(d.label()), d.confidence(), votes.size(), QualityEvents.LIVE));
                yield new ItemState("resolved", slots);
            }
        };
    }
}
