package io.tessera.quality.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.tessera.common.event.EventConsumers;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.Topics;
import io.tessera.common.outbox.Outbox;
import io.tessera.quality.aggregation.AggregationResult;
import io.tessera.quality.aggregation.Answers;
import io.tessera.quality.aggregation.MajorityVote;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Consumes submissions and decides, label by label: gold answers update the worker's gold score
 * at once; a regular item with its required number of labels is merged by majority vote and
 * resolved, or, on a tie below the job's maxOverlap, asked for one more label. Submissions of an
 * item share a partition (key: item id), so one consumer sees an item's labels in order.
 */
@ApplicationScoped
public class LiveDecisions {
    private static final Logger LOG = Logger.getLogger(LiveDecisions.class);
    public static final String GROUP = "quality-service";
    private static final MajorityVote MAJORITY_VOTE = new MajorityVote();

    private static final String UPSERT_JOB = """
            INSERT INTO known_job (id, org_id, kind, max_overlap, first_seen) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET max_overlap = EXCLUDED.max_overlap""";
    private static final String INSERT_LABEL = """
            INSERT INTO label (submission_id, job_id, item_id, worker_id, label, gold, correct, duration_ms, submitted_at)
            VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?) ON CONFLICT (submission_id) DO NOTHING""";
    private static final String SCORE_JOB = """
            INSERT INTO worker_job_gold AS g (job_id, worker_id, seen, correct) VALUES (?, ?, 1, ?)
            ON CONFLICT (job_id, worker_id) DO UPDATE SET seen = g.seen + 1, correct = g.correct + EXCLUDED.correct
            RETURNING seen, correct""";
    private static final String SCORE_WORKER = """
            INSERT INTO worker_gold AS g (worker_id, seen, correct) VALUES (?, 1, ?)
            ON CONFLICT (worker_id) DO UPDATE SET seen = g.seen + 1, correct = g.correct + EXCLUDED.correct
            RETURNING seen, correct""";
    private static final String ITEM_LABELS = "SELECT worker_id, label::text FROM label WHERE item_id = ? AND NOT gold";
    private static final String DECISION = "SELECT state, required_labels FROM item_decision WHERE item_id = ?";
    private static final String SAVE_DECISION = """
            INSERT INTO item_decision (item_id, job_id, state, label, confidence, labels, required_labels, decided_at)
            VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?)
            ON CONFLICT (item_id) DO UPDATE SET state = EXCLUDED.state, label = EXCLUDED.label,
                confidence = EXCLUDED.confidence, labels = EXCLUDED.labels,
                required_labels = EXCLUDED.required_labels, decided_at = EXCLUDED.decided_at""";

    private final EventConsumers consumers;
    private final DataSource dataSource;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final GoldPrior prior;
    private final Clock clock;
    private final int threads;

    public LiveDecisions(EventConsumers consumers, DataSource dataSource, Outbox outbox, ObjectMapper json,
            GoldPrior prior, Clock clock,
            @ConfigProperty(name = "tessera.submissions.consumer-threads") int threads) {
        this.consumers = consumers;
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.json = json;
        this.prior = prior;
        this.clock = clock;
        this.threads = threads;
    }

    void start(@Observes StartupEvent event) {
        consumers.start(GROUP, List.of(Topics.SUBMISSIONS), threads, this::apply);
    }

    void apply(EventEnvelope event) throws Exception {
        if (!SubmissionEvent.TYPE.equals(event.type())) {
            LOG.debugf("Ignoring event type %s", event.type());
            return;
        }
        SubmissionEvent s = json.treeToValue(event.payload(), SubmissionEvent.class);
        try (Connection c = dataSource.getConnection()) {
            rememberJob(c, s);
            Boolean correct = s.gold() ? s.label().equals(s.goldAnswer()) : null;
            if (!storeLabel(c, s, correct)) {
                return; // this submission was applied before, under another event id
            }
            if (s.gold()) {
                scoreGold(c, s, correct);
            } else {
                decide(c, s);
            }
        }
    }

    private void rememberJob(Connection c, SubmissionEvent s) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(UPSERT_JOB)) {
            q.setObject(1, s.jobId());
            q.setObject(2, s.orgId());
            q.setString(3, s.schema().path("kind").asText());
            q.setInt(4, s.maxOverlap());
            q.setTimestamp(5, Timestamp.from(clock.instant()));
            q.executeUpdate();
        }
    }

    private boolean storeLabel(Connection c, SubmissionEvent s, Boolean correct) throws SQLException {
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
            return q.executeUpdate() == 1;
        }
    }

    private void scoreGold(Connection c, SubmissionEvent s, boolean correct) throws SQLException {
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

    private void decide(Connection c, SubmissionEvent s) throws Exception {
        int required = s.requiredLabels();
        try (PreparedStatement q = c.prepareStatement(DECISION)) {
            q.setLong(1, s.itemId());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    if ("resolved".equals(rs.getString(1))) {
                        return; // a late label for a resolved item is kept, the decision stands
                    }
                    required = Math.max(required, rs.getInt(2));
                }
            }
        }
        Answers.Builder labels = Answers.builder();
        String item = Long.toString(s.itemId());
        try (PreparedStatement q = c.prepareStatement(ITEM_LABELS)) {
            q.setLong(1, s.itemId());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    labels.add(item, rs.getString(1), rs.getString(2));
                }
            }
        }
        Answers answers = labels.build();
        int count = answers.size();
        if (count < required) {
            return;
        }
        AggregationResult merged = MAJORITY_VOTE.fit(answers);
        if (merged.isTie(0) && count < s.maxOverlap()) {
            save(c, s, "extended", null, null, count, count + 1);
            outbox.write(c, Topics.TASK_DECISIONS, QualityEvents.ITEM_EXTENDED, item,
                    new QualityEvents.ItemExtended(s.jobId(), s.itemId(), count + 1));
            return;
        }
        String label = merged.label(0);
        double confidence = merged.confidence(0);
        save(c, s, "resolved", label, confidence, count, required);
        outbox.write(c, Topics.TASK_DECISIONS, QualityEvents.ITEM_RESOLVED, item,
                new QualityEvents.ItemResolved(s.jobId(), s.itemId(), json.readTree(label), confidence, count));
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
