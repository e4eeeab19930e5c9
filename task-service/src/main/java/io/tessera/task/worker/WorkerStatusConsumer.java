package io.tessera.task.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.tessera.common.event.EventConsumers;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Keeps task-service's own view of workers (qualifications, vendor, active, blocks, concluded exam
 * attempts) from worker-service's events, so the claim path never calls another service. A block, and a
 * deactivation, also release the worker's live leases in scope at once.
 * <p>
 * Events are applied by their {@code occurredAt}: a profile snapshot or a block of one target older
 * than what is stored changes nothing (several worker-service instances relay in any order, and a
 * redelivery may come late). An unblock keeps the row as lifted, so a late older block finds a newer
 * event to lose against.
 */
@ApplicationScoped
public class WorkerStatusConsumer {
    private static final Logger LOG = Logger.getLogger(WorkerStatusConsumer.class);
    public static final String GROUP = "task-service-workers";
    private static final String UPSERT_PROFILE = """
            INSERT INTO worker_profile (worker_id, vendor_id, qualifications, active, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (worker_id) DO UPDATE SET vendor_id = EXCLUDED.vendor_id,
                qualifications = EXCLUDED.qualifications, active = EXCLUDED.active, updated_at = EXCLUDED.updated_at
            WHERE worker_profile.updated_at <= EXCLUDED.updated_at
            RETURNING active""";
    /** A block, or (lifted) an unblock, of one target; applied only if not older than the stored event. */
    private static final String BLOCK = """
            INSERT INTO worker_block (worker_id, scope, target, org_id, until, reason, event_at, lifted)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (worker_id, scope, target) DO UPDATE SET org_id = EXCLUDED.org_id, until = EXCLUDED.until,
                reason = EXCLUDED.reason, event_at = EXCLUDED.event_at, lifted = EXCLUDED.lifted
            WHERE worker_block.event_at IS NULL OR worker_block.event_at <= EXCLUDED.event_at""";
    /**
     * Releases the worker's live leases in a scope: the platform (every job), an organisation's jobs,
     * or one job (of the block's organisation, when the block names one).
     */
    private static final String RELEASE_LEASES = """
            WITH released AS (
                UPDATE assignment a SET state = 'released' FROM job j
                WHERE a.worker_id = ? AND a.state = 'leased' AND j.id = a.job_id
                  AND (? = 'platform' OR ? = 'org' AND j.org_id = ?
                       OR ? = 'job' AND j.id = ? AND (?::uuid IS NULL OR j.org_id = ?::uuid))
                RETURNING a.id, a.item_id, a.slot)
            UPDATE task_slot s SET state = 'open', assignment_id = NULL
            FROM released r WHERE s.item_id = r.item_id AND s.slot = r.slot AND s.assignment_id = r.id""";
    /** Only a later attempt opens a new round; a redelivered or late older event changes nothing. */
    private static final String EXAM_ROUND = """
            INSERT INTO exam_round (worker_id, job_id, attempts, opened_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (worker_id, job_id) DO UPDATE SET attempts = EXCLUDED.attempts, opened_at = EXCLUDED.opened_at
            WHERE exam_round.attempts < EXCLUDED.attempts""";

    private final EventConsumers consumers;
    private final DataSource dataSource;
    private final ObjectMapper json;
    private final Clock clock;

    public WorkerStatusConsumer(EventConsumers consumers, DataSource dataSource, ObjectMapper json, Clock clock) {
        this.consumers = consumers;
        this.dataSource = dataSource;
        this.json = json;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        consumers.start(GROUP, List.of(Topics.WORKER_STATUS), 1, this::apply);
    }

    void apply(EventEnvelope event) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            switch (event.type()) {
                case WorkerEvents.UPDATED -> update(c, json.treeToValue(event.payload(), WorkerEvents.Updated.class), event);
                case WorkerEvents.BLOCKED -> block(c, json.treeToValue(event.payload(), WorkerEvents.Blocked.class), event);
                case WorkerEvents.UNBLOCKED -> unblock(c, json.treeToValue(event.payload(), WorkerEvents.Unblocked.class), event);
                case WorkerEvents.EXAM -> exam(c, json.treeToValue(event.payload(), WorkerEvents.Exam.class));
                default -> LOG.debugf("Ignoring event type %s", event.type());
            }
        }
    }

    private static void update(Connection c, WorkerEvents.Updated e, EventEnvelope event) throws SQLException {
        boolean applied;
        try (PreparedStatement q = c.prepareStatement(UPSERT_PROFILE)) {
            q.setObject(1, e.workerId());
            q.setObject(2, e.vendorId());
            q.setArray(3, c.createArrayOf("text", e.qualifications() == null ? new String[0]
                    : e.qualifications().toArray(String[]::new)));
            q.setBoolean(4, e.isActive());
            q.setTimestamp(5, Timestamp.from(event.occurredAt()));
            try (ResultSet rs = q.executeQuery()) {
                applied = rs.next();
            }
        }
        if (applied && !e.isActive()) {
            // Deactivated: nothing of theirs stays leased (claims are refused from now on).
            release(c, e.workerId(), "platform", new UUID(0, 0), null);
        }
    }

    private static void block(Connection c, WorkerEvents.Blocked e, EventEnvelope event) throws SQLException {
        UUID target = WorkerEvents.target(e.scope(), e.orgId(), e.jobId());
        UUID orgId = "job".equals(e.scope()) ? e.orgId() : null;
        if (write(c, e.workerId(), e.scope(), target, orgId, e.until(), e.reason(), event, false)) {
            release(c, e.workerId(), e.scope(), target, orgId);
        }
    }

    /**
     * The next exam attempt opens now, on task-service's clock (the one leases are stamped with):
     * questions leased from now on belong to it.
     */
    private void exam(Connection c, WorkerEvents.Exam e) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(EXAM_ROUND)) {
            q.setObject(1, e.workerId());
            q.setObject(2, e.jobId());
            q.setInt(3, e.attempt());
            q.setTimestamp(4, Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS)));
            q.executeUpdate();
        }
    }

    private static void unblock(Connection c, WorkerEvents.Unblocked e, EventEnvelope event) throws SQLException {
        UUID target = WorkerEvents.target(e.scope(), e.orgId(), e.jobId());
        write(c, e.workerId(), e.scope(), target, null, null, null, event, true);
    }

    /** Upserts the target's row unless a newer event was applied to it; returns whether it was written. */
    private static boolean write(Connection c, UUID workerId, String scope, UUID target, UUID orgId, Instant until,
            String reason, EventEnvelope event, boolean lifted) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(BLOCK)) {
            q.setObject(1, workerId);
            q.setString(2, scope);
            q.setObject(3, target);
            q.setObject(4, orgId);
            q.setTimestamp(5, until == null ? null : Timestamp.from(until));
            q.setString(6, reason);
            q.setTimestamp(7, Timestamp.from(event.occurredAt()));
            q.setBoolean(8, lifted);
            return q.executeUpdate() == 1;
        }
    }

    private static void release(Connection c, UUID workerId, String scope, UUID target, UUID orgId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(RELEASE_LEASES)) {
            q.setObject(1, workerId);
            q.setString(2, scope);
            q.setString(3, scope);
            q.setObject(4, target);
            q.setString(5, scope);
            q.setObject(6, target);
            q.setObject(7, orgId);
            q.setObject(8, orgId);
            q.executeUpdate();
        }
    }
}
