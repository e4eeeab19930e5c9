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
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Keeps task-service's own view of workers (qualifications, vendor, blocks, concluded exam attempts)
 * from worker-service's events, so the claim path never calls another service. A block also releases
 * the worker's live leases in its scope at once.
 */
@ApplicationScoped
public class WorkerStatusConsumer {
    private static final Logger LOG = Logger.getLogger(WorkerStatusConsumer.class);
    public static final String GROUP = "task-service-workers";
    private static final String UPSERT_PROFILE = """
            INSERT INTO worker_profile (worker_id, vendor_id, qualifications, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (worker_id) DO UPDATE SET vendor_id = EXCLUDED.vendor_id,
                qualifications = EXCLUDED.qualifications, updated_at = EXCLUDED.updated_at
            WHERE worker_profile.updated_at <= EXCLUDED.updated_at""";
    private static final String BLOCK = """
            INSERT INTO worker_block (worker_id, scope, target, until, reason) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (worker_id, scope, target) DO UPDATE SET until = EXCLUDED.until, reason = EXCLUDED.reason""";
    private static final String RELEASE_LEASES = """
            WITH released AS (
                UPDATE assignment a SET state = 'released' FROM job j
                WHERE a.worker_id = ? AND a.state = 'leased' AND j.id = a.job_id
                  AND (? = 'platform' OR ? = 'org' AND j.org_id = ? OR ? = 'job' AND j.id = ?)
                RETURNING a.id, a.item_id, a.slot)
            UPDATE task_slot s SET state = 'open', assignment_id = NULL
            FROM released r WHERE s.item_id = r.item_id AND s.slot = r.slot AND s.assignment_id = r.id""";
    /** Only a later attempt opens a new round; a redelivered or late older event changes nothing. */
    private static final String EXAM_ROUND = """
            INSERT INTO exam_round (worker_id, job_id, attempts, opened_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (worker_id, job_id) DO UPDATE SET attempts = EXCLUDED.attempts, opened_at = EXCLUDED.opened_at
            WHERE exam_round.attempts < EXCLUDED.attempts""";
    private static final String UNBLOCK = "DELETE FROM worker_block WHERE worker_id = ? AND scope = ? AND target = ?";

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
                case WorkerEvents.BLOCKED -> block(c, json.treeToValue(event.payload(), WorkerEvents.Blocked.class));
                case WorkerEvents.UNBLOCKED -> unblock(c, json.treeToValue(event.payload(), WorkerEvents.Unblocked.class));
                case WorkerEvents.EXAM -> exam(c, json.treeToValue(event.payload(), WorkerEvents.Exam.class));
                default -> LOG.debugf("Ignoring event type %s", event.type());
            }
        }
    }

    private static void update(Connection c, WorkerEvents.Updated e, EventEnvelope event) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(UPSERT_PROFILE)) {
            q.setObject(1, e.workerId());
            q.setObject(2, e.vendorId());
            q.setArray(3, c.createArrayOf("text", e.qualifications() == null ? new String[0]
                    : e.qualifications().toArray(String[]::new)));
            q.setTimestamp(4, Timestamp.from(event.occurredAt()));
            q.executeUpdate();
        }
    }

    private static void block(Connection c, WorkerEvents.Blocked e) throws SQLException {
        UUID target = WorkerEvents.target(e.scope(), e.orgId(), e.jobId());
        try (PreparedStatement q = c.prepareStatement(BLOCK)) {
            q.setObject(1, e.workerId());
            q.setString(2, e.scope());
            q.setObject(3, target);
            q.setTimestamp(4, e.until() == null ? null : Timestamp.from(e.until()));
            q.setString(5, e.reason());
            q.executeUpdate();
        }
        try (PreparedStatement q = c.prepareStatement(RELEASE_LEASES)) {
            q.setObject(1, e.workerId());
            q.setString(2, e.scope());
            q.setString(3, e.scope());
            q.setObject(4, target);
            q.setString(5, e.scope());
            q.setObject(6, target);
            q.executeUpdate();
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

    private static void unblock(Connection c, WorkerEvents.Unblocked e) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(UNBLOCK)) {
            q.setObject(1, e.workerId());
            q.setString(2, e.scope());
            q.setObject(3, WorkerEvents.target(e.scope(), e.orgId(), e.jobId()));
            q.executeUpdate();
        }
    }
}
