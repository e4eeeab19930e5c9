package io.tessera.task.decision;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.tessera.common.event.EventConsumers;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.EventHandler;
import io.tessera.common.event.Topics;
import io.tessera.common.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Applies quality decisions: a resolved item stores its merged label and gives up its open slots
 * (the job completes with its last item, and {@code job.completed} goes into the outbox in the same
 * transaction); an extended item gets more slots, up to maxOverlap.
 * Runs once per event (EventConsumers records the event id in the same transaction). Resolutions, most of
 * the decisions, are applied set-wise: a transaction's run of them is three statements (store the labels,
 * drop the open slots, complete the jobs whose last item it was), not three per item.
 */
@ApplicationScoped
public class DecisionConsumer {
    private static final Logger LOG = Logger.getLogger(DecisionConsumer.class);
    public static final String GROUP = "task-service";
    private static final String RESOLVE = """
            UPDATE item i SET resolved = true, label = d.label::jsonb, confidence = d.confidence, resolved_at = ?,
                merged_by = d.merged_by
            FROM unnest(?::bigint[], ?::text[], ?::float8[], ?::text[]) AS d(id, label, confidence, merged_by)
            WHERE i.id = d.id AND NOT i.gold
            RETURNING i.id, i.job_id""";
    /**
     * By primary key: {@code state = 'open'} would match the partial index {@code task_slot_open}, which
     * the planner takes when ANALYZE last saw few open slots, and then walks every open slot of every
     * job to find this item's (seconds per decision at 100,000 items, inside the consumer's transaction,
     * which held back vacuum's horizon for the whole database; docs/performance.md). Package-private for
     * DecisionQueryPlanTest.
     */
    static final String DROP_OPEN_SLOTS = "DELETE FROM task_slot WHERE item_id = ANY(?) AND state NOT IN ('leased', 'done')";
    private static final String COMPLETE_JOB = """
            UPDATE job SET state = 'completed', finished_at = ?, version = version + 1
            WHERE id = ? AND state IN ('running', 'paused')
              AND NOT EXISTS (SELECT 1 FROM item WHERE job_id = ? AND NOT gold AND NOT resolved)
            RETURNING id, org_id""";
    /**
     * The same check for every running job: two consumers resolving a job's last two items at once
     * each see the other's item still unresolved (neither commit is visible to the other), so the
     * inline check alone can miss the moment. This sweep catches it within a few seconds.
     */
    private static final String COMPLETE_FINISHED_JOBS = """
            UPDATE job j SET state = 'completed', finished_at = ?, version = version + 1
            WHERE j.state IN ('running', 'paused')
              AND EXISTS (SELECT 1 FROM item i WHERE i.job_id = j.id AND NOT i.gold)
              AND NOT EXISTS (SELECT 1 FROM item i WHERE i.job_id = j.id AND NOT i.gold AND NOT i.resolved)
            RETURNING j.id, j.org_id""";
    private static final String EXTEND = """
            UPDATE item i SET required_labels = LEAST(?, j.max_overlap) FROM job j
            WHERE i.id = ? AND j.id = i.job_id AND NOT i.resolved AND NOT i.gold AND i.required_labels < LEAST(?, j.max_overlap)
            RETURNING i.job_id, i.required_labels""";
    private static final String REOPEN = """
            UPDATE item SET resolved = false, label = NULL, confidence = NULL, resolved_at = NULL, merged_by = NULL,
                required_labels = GREATEST(required_labels, ?)
            WHERE id = ? AND NOT gold RETURNING job_id, required_labels""";
    private static final String RUN_AGAIN = """
            UPDATE job SET state = 'running', finished_at = NULL, version = version + 1
            WHERE id = ? AND state = 'completed'""";
    private static final String ADD_SLOTS = """
            INSERT INTO task_slot (item_id, slot, job_id, state, sort_key)
            SELECT ?, s, j.id, 'open', slot_sort_key(j.schedule, ?, s) FROM generate_series(1, ?) s, job j
            WHERE j.id = ? ON CONFLICT DO NOTHING""";

    private final EventConsumers consumers;
    private final DataSource dataSource;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final int threads;

    public DecisionConsumer(EventConsumers consumers, DataSource dataSource, Outbox outbox, ObjectMapper json,
            Clock clock, @ConfigProperty(name = "tessera.decisions.consumer-threads", defaultValue = "2") int threads) {
        this.consumers = consumers;
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.threads = threads;
    }

    /** The completions and their {@code job.completed} events commit together. */
    @Scheduled(every = "${tessera.jobs.completion-sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void completeFinishedJobs() {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                try (Connection c = dataSource.getConnection();
                        PreparedStatement q = c.prepareStatement(COMPLETE_FINISHED_JOBS)) {
                    Instant now = clock.instant();
                    q.setTimestamp(1, Timestamp.from(now));
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            published(c, rs, now);
                        }
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("Job completion sweep failed: %s", e);
        }
    }

    /** Writes {@code job.completed} for the job of the current row (id, org_id) into the outbox. */
    private void published(Connection c, ResultSet rs, Instant now) throws SQLException {
        UUID jobId = rs.getObject(1, UUID.class);
        outbox.write(c, Topics.JOBS, Decisions.JobCompleted.TYPE, jobId.toString(),
                new Decisions.JobCompleted(jobId, rs.getObject(2, UUID.class), now));
    }

    void start(@Observes StartupEvent event) {
        consumers.start(GROUP, List.of(Topics.TASK_DECISIONS), threads, (EventHandler.SetWise) this::apply);
    }

    /** A transaction's decisions in order; a run of resolutions together, before the next other decision. */
    void apply(List<EventEnvelope> events) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            Map<Long, Decisions.Resolved> resolutions = new LinkedHashMap<>();
            for (EventEnvelope event : events) {
                switch (event.type()) {
                    case Decisions.RESOLVED -> {
                        Decisions.Resolved r = json.treeToValue(event.payload(), Decisions.Resolved.class);
                        resolutions.remove(r.itemId()); // an item resolved twice in a run: the later decision
                        resolutions.put(r.itemId(), r);
                    }
                    case Decisions.EXTENDED -> {
                        resolve(c, resolutions);
                        extend(c, json.treeToValue(event.payload(), Decisions.Extended.class));
                    }
                    case Decisions.REOPENED -> {
                        resolve(c, resolutions);
                        reopen(c, json.treeToValue(event.payload(), Decisions.Reopened.class));
                    }
                    default -> LOG.debugf("Ignoring event type %s", event.type());
                }
            }
            resolve(c, resolutions);
        }
    }

    /** Applies the resolutions and empties the map. */
    private void resolve(Connection c, Map<Long, Decisions.Resolved> resolutions) throws SQLException {
        if (resolutions.isEmpty()) {
            return;
        }
        Instant instant = clock.instant();
        Timestamp now = Timestamp.from(instant);
        Collection<Decisions.Resolved> decided = resolutions.values();
        List<Long> items = new ArrayList<>();
        Set<UUID> jobs = new TreeSet<>(); // completed in one order by every consumer thread
        try (PreparedStatement q = c.prepareStatement(RESOLVE)) {
            q.setTimestamp(1, now);
            q.setArray(2, c.createArrayOf("bigint", decided.stream().map(Decisions.Resolved::itemId).toArray()));
            q.setArray(3, c.createArrayOf("text", decided.stream().map(r -> r.label().toString()).toArray()));
            q.setArray(4, c.createArrayOf("float8", decided.stream().map(Decisions.Resolved::confidence).toArray()));
            q.setArray(5, c.createArrayOf("text", decided.stream().map(Decisions.Resolved::mergedByOrLive).toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    items.add(rs.getLong(1));
                    jobs.add(rs.getObject(2, UUID.class));
                }
            }
        }
        if (items.size() < resolutions.size()) {
            Set<Long> unknown = new TreeSet<>(resolutions.keySet());
            items.forEach(unknown::remove);
            LOG.warnf("Decisions for unknown items %s ignored", unknown);
        }
        resolutions.clear();
        if (items.isEmpty()) {
            return;
        }
        try (PreparedStatement q = c.prepareStatement(DROP_OPEN_SLOTS)) {
            q.setArray(1, c.createArrayOf("bigint", items.toArray()));
            q.executeUpdate();
        }
        for (UUID jobId : jobs) {
            try (PreparedStatement q = c.prepareStatement(COMPLETE_JOB)) {
                q.setTimestamp(1, now);
                q.setObject(2, jobId);
                q.setObject(3, jobId);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        published(c, rs, instant);
                    }
                }
            }
        }
    }

    private void extend(Connection c, Decisions.Extended decision) throws SQLException {
        UUID jobId;
        int required;
        try (PreparedStatement q = c.prepareStatement(EXTEND)) {
            q.setInt(1, decision.requiredLabels());
            q.setLong(2, decision.itemId());
            q.setInt(3, decision.requiredLabels());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return; // resolved meanwhile, already that many, or at maxOverlap
                }
                jobId = rs.getObject(1, UUID.class);
                required = rs.getInt(2);
            }
        }
        addSlots(c, decision.itemId(), jobId, required);
    }

    private void reopen(Connection c, Decisions.Reopened decision) throws SQLException {
        UUID jobId;
        int required;
        try (PreparedStatement q = c.prepareStatement(REOPEN)) {
            q.setInt(1, decision.requiredLabels());
            q.setLong(2, decision.itemId());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    LOG.warnf("Reopen of unknown item %d ignored", decision.itemId());
                    return;
                }
                jobId = rs.getObject(1, UUID.class);
                required = rs.getInt(2);
            }
        }
        addSlots(c, decision.itemId(), jobId, required);
        try (PreparedStatement q = c.prepareStatement(RUN_AGAIN)) {
            q.setObject(1, jobId);
            q.executeUpdate();
        }
    }

    /** Opens the missing slots up to {@code required}; the item's existing slots stay as they are. */
    private static void addSlots(Connection c, long itemId, UUID jobId, int required) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(ADD_SLOTS)) {
            q.setLong(1, itemId);
            q.setLong(2, itemId);
            q.setInt(3, required);
            q.setObject(4, jobId);
            q.executeUpdate();
        }
    }
}
