package io.tessera.quality.live;

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
import java.util.HashSet;
import java.util.List;
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
    private static final String INSERT_LABEL = """
            INSERT INTO label (submission_id, job_id, item_id, worker_id, label, gold, correct, duration_ms, submitted_at,
                               rejected, required_labels)
            VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (submission_id) DO NOTHING""";
    private static final String REMEMBER_GOLD = """
            INSERT INTO gold_answer (item_id, job_id, answer) VALUES (?, ?, ?::jsonb)
            ON CONFLICT (item_id) DO UPDATE SET answer = EXCLUDED.answer""";
    private static final String REJECTS_LABELS = """
            SELECT EXISTS (SELECT 1 FROM verdict WHERE job_id = ? AND worker_id = ? AND reject_labels)""";
    private static final String SCORE_JOB = """
            INSERT INTO worker_job_gold AS g (job_id, worker_id, seen, correct) VALUES (?, ?, 1, ?)
            ON CONFLICT (job_id, worker_id) DO UPDATE SET seen = g.seen + 1, correct = g.correct + EXCLUDED.correct
            RETURNING seen, correct""";
    private static final String SCORE_WORKER = """
            INSERT INTO worker_gold AS g (worker_id, seen, correct) VALUES (?, 1, ?)
            ON CONFLICT (worker_id) DO UPDATE SET seen = g.seen + 1, correct = g.correct + EXCLUDED.correct
            RETURNING seen, correct""";
    /**
     * The item's counted labels with each worker's gold record (job first, then overall), their
     * agreement with the job's resolved items as last refreshed ({@link SkillRefresh}), and the
     * rejected count.
     */
    private static final String ITEM_LABELS = """
            SELECT l.worker_id, l.label::text, l.rejected, coalesce(j.seen, w.seen, 0), coalesce(j.correct, w.correct, 0),
                   coalesce(a.compared, 0), coalesce(a.agreed, 0)
            FROM label l
            LEFT JOIN worker_job_gold j ON j.job_id = l.job_id AND j.worker_id = l.worker_id
            LEFT JOIN worker_gold w ON w.worker_id = l.worker_id
            LEFT JOIN worker_job_agreement a ON a.job_id = l.job_id AND a.worker_id = l.worker_id
            WHERE l.item_id = ? AND NOT l.gold ORDER BY l.submission_id""";
    private static final String DECISION = "SELECT state, required_labels FROM item_decision WHERE item_id = ?";
    private static final String SAVE_DECISION = """
            INSERT INTO item_decision (item_id, job_id, state, label, confidence, labels, required_labels, decided_at)
            VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?)
            ON CONFLICT (item_id) DO UPDATE SET state = EXCLUDED.state, label = EXCLUDED.label,
                confidence = EXCLUDED.confidence, labels = EXCLUDED.labels,
                required_labels = EXCLUDED.required_labels, decided_at = EXCLUDED.decided_at""";
    private static final String RECORD_SKIP = "INSERT INTO skip (job_id, worker_id, item_id, released_at) VALUES (?, ?, ?, ?)";
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
        consumers.start(GROUP, List.of(Topics.SUBMISSIONS), threads, new EventHandler() {
            @Override
            public void handle(EventEnvelope event) throws Exception {
                apply(event);
            }

            @Override
            public void afterCommit() {
                judgeTouched();
            }
        });
    }

    void apply(EventEnvelope event) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            switch (event.type()) {
                case SubmissionEvent.TYPE -> onSubmission(c, json.treeToValue(event.payload(), SubmissionEvent.class));
                case QualityEvents.ASSIGNMENT_RELEASED ->
                        onSkip(c, json.treeToValue(event.payload(), QualityEvents.AssignmentReleased.class));
                default -> LOG.debugf("Ignoring event type %s", event.type());
            }
        }
    }

    private void onSubmission(Connection c, SubmissionEvent s) throws Exception {
        Policy policy = s.quality() == null ? Policy.none() : s.quality();
        rememberJob(c, s, policy);
        Boolean correct = s.gold() ? s.label().equals(s.goldAnswer()) : null;
        boolean rejected = !s.gold() && rejectsLabels(c, s.jobId(), s.workerId());
        if (!storeLabel(c, s, correct, rejected)) {
            return; // this submission was applied before, under another event id
        }
        if (rejected) {
            // A judged worker's label that was on its way: it does not count, so its slot is replaced.
            verdicts.reopen(c, s.jobId(), s.itemId(), s.requiredLabels() + 1, s.workerId());
        } else if (s.gold()) {
            scoreGold(c, s, correct);
        } else {
            decide(c, s, policy);
        }
        if (policy.judgesWorkers()) {
            toJudge.get().add(new JobWorker(s.jobId(), s.workerId()));
        }
    }

    private void onSkip(Connection c, QualityEvents.AssignmentReleased skip) throws Exception {
        try (PreparedStatement q = c.prepareStatement(RECORD_SKIP)) {
            q.setObject(1, skip.jobId());
            q.setObject(2, skip.workerId());
            q.setLong(3, skip.itemId());
            q.setTimestamp(4, Timestamp.from(skip.releasedAt()));
            q.executeUpdate();
        }
        toJudge.get().add(new JobWorker(skip.jobId(), skip.workerId())); // the job's policy is read when judging
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

    private static boolean rejectsLabels(Connection c, UUID job, UUID worker) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(REJECTS_LABELS)) {
            q.setObject(1, job);
            q.setObject(2, worker);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private boolean storeLabel(Connection c, SubmissionEvent s, Boolean correct, boolean rejected) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(INSERT_LABEL)) {
            q.setLong(1, s.submissionId());
            q.setObject(2, s.jobId());
            q.setLong(3, s.itemId());
            q.setObject(4, s.workerId());
            q.setString(5, s.label().toString());
            q.setBoolean(6, s.gold());
            q.setObject(7, correct);
            q.setObject(8, s.durationMs());
            q.setTimestamp(9, Timestamp.from(s.submittedAt()));
            q.setBoolean(10, rejected);
            q.setInt(11, s.requiredLabels());
            return q.executeUpdate() == 1;
        }
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

    private void decide(Connection c, SubmissionEvent s, Policy policy) throws Exception {
        int slots = s.requiredLabels();
        try (PreparedStatement q = c.prepareStatement(DECISION)) {
            q.setLong(1, s.itemId());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    if ("resolved".equals(rs.getString(1))) {
                        return; // a late label for a resolved item is kept, the decision stands
                    }
                    slots = Math.max(slots, rs.getInt(2));
                }
            }
        }
        List<ItemDecider.Vote> votes = new ArrayList<>();
        int rejected = 0;
        try (PreparedStatement q = c.prepareStatement(ITEM_LABELS)) {
            q.setLong(1, s.itemId());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(3)) {
                        rejected++;
                    } else {
                        double accuracy = (rs.getInt(5) + rs.getInt(7) + DECISION_PRIOR_CORRECT)
                                / (rs.getInt(4) + rs.getInt(6) + DECISION_PRIOR_SEEN);
                        votes.add(new ItemDecider.Vote(rs.getString(1), rs.getString(2), accuracy));
                    }
                }
            }
        }
        int needed = slots - rejected;
        boolean atMost = slots >= s.maxOverlap() + rejected;
        String kind = s.schema().path("kind").asText();
        ItemDecider.Decision d = KindDecider.handles(kind)
                ? KindDecider.decide(kind, s.schema(), votes, needed, atMost, policy.confidenceTarget())
                : ItemDecider.decide(votes, needed, atMost, categoricalLabelCount(s), policy.confidenceTarget());
        String item = Long.toString(s.itemId());
        switch (d.outcome()) {
            case WAIT -> {
            }
            case EXTEND -> {
                save(c, s, "extended", null, null, votes.size(), slots + 1);
                // task-service caps item.extended at maxOverlap; slots replacing rejected labels go beyond it.
                Object payload = rejected > 0
                        ? new QualityEvents.ItemReopened(s.jobId(), s.itemId(), slots + 1, null)
                        : new QualityEvents.ItemExtended(s.jobId(), s.itemId(), slots + 1);
                outbox.write(c, Topics.TASK_DECISIONS,
                        rejected > 0 ? QualityEvents.ITEM_REOPENED : QualityEvents.ITEM_EXTENDED, item, payload);
            }
            case RESOLVE -> {
                save(c, s, "resolved", d.label(), d.confidence(), votes.size(), slots);
                outbox.write(c, Topics.TASK_DECISIONS, QualityEvents.ITEM_RESOLVED, item,
                        new QualityEvents.ItemResolved(s.jobId(), s.itemId(), json.readTree(d.label()), d.confidence(),
                                votes.size(), QualityEvents.LIVE));
            }
        }
    }

    private void save(Connection c, SubmissionEvent s, String state, String label, Double confidence, int labels,
            int required) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(SAVE_DECISION)) {
            q.setLong(1, s.itemId());
            q.setObject(2, s.jobId());
            q.setString(3, state);
            q.setString(4, label);
            q.setObject(5, confidence);
            q.setInt(6, labels);
            q.setInt(7, required);
            q.setTimestamp(8, Timestamp.from(clock.instant()));
            q.executeUpdate();
        }
    }
}
