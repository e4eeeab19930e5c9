package io.tessera.task.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.Topics;
import io.tessera.task.TaskApi;
import io.tessera.task.TestEvents;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A transaction's resolutions are applied together, and in order with the other decisions around them:
 * an extension before a resolution, a later resolution of the same item, a reopening after one, an
 * unknown item; the job completes only when its last item is resolved.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class DecisionBatchTest {
    private final TaskApi api = new TaskApi();
    @Inject
    DecisionConsumer decisions;
    @Inject
    ObjectMapper json;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aTransactionsDecisionsApplyInOrder() throws Exception {
        Map<String, Object> body = TaskApi.jobBody(1, 0);
        body.put("maxOverlap", 3);
        UUID job = api.start(body, 4, 0);
        List<Long> items = TaskDb.itemIds(job);
        long a = items.get(0);
        long b = items.get(1);
        long c = items.get(2);
        long d = items.get(3);

        apply(List.of(
                resolved(job, a, "pos", 0.9, null),
                event(Decisions.EXTENDED, b, new Decisions.Extended(job, b, 2)),
                resolved(job, b, "neg", 0.8, null), // its slots, the added one too, are dropped
                resolved(job, c, "pos", 0.7, null),
                resolved(job, c, "neg", 0.95, "ds"), // the later decision stands
                resolved(job, Long.MAX_VALUE, "pos", 0.9, null), // an unknown item is skipped
                event(Decisions.REOPENED, a, new Decisions.Reopened(job, a, 2, UUID.randomUUID())),
                resolved(job, d, "pos", 0.6, null)));

        assertThat(item(a)).isEqualTo("false null null");
        assertThat(item(b)).isEqualTo("true \"neg\" live");
        assertThat(item(c)).isEqualTo("true \"neg\" ds");
        assertThat(item(d)).isEqualTo("true \"pos\" live");
        assertThat(openSlots(a)).as("reopened after its resolution: two slots").isEqualTo(2);
        assertThat(openSlots(b)).isZero();
        assertThat(openSlots(c)).isZero();
        api.asClient().get("/api/v1/jobs/" + job).then().body("state", equalTo("running"))
                .body("progress.resolvedItems", equalTo(3));

        apply(List.of(resolved(job, a, "pos", 0.85, null)));
        api.asClient().get("/api/v1/jobs/" + job).then().body("state", equalTo("completed"));
        EventEnvelope completed = TestEvents.awaitEvent(Topics.JOBS, e -> e.key().equals(job.toString()));
        assertThat(completed.type()).isEqualTo("job.completed");
    }

    private void apply(List<EventEnvelope> events) {
        QuarkusTransaction.requiringNew().run(() -> {
            try {
                decisions.apply(events);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private EventEnvelope resolved(UUID job, long item, String label, double confidence, String mergedBy) {
        return event(Decisions.RESOLVED, item,
                new Decisions.Resolved(job, item, json.valueToTree(label), confidence, 3, mergedBy));
    }

    private EventEnvelope event(String type, long item, Object payload) {
        return new EventEnvelope(UUID.randomUUID(), type, Long.toString(item), Instant.now(), 1, json.valueToTree(payload));
    }

    private String item(long id) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT resolved, label::text, merged_by FROM item WHERE id = ?")) {
            q.setLong(1, id);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getBoolean(1) + " " + rs.getString(2) + " " + rs.getString(3);
            }
        }
    }

    private long openSlots(long item) throws Exception {
        return count("SELECT count(*) FROM task_slot WHERE item_id = ? AND state = 'open'", item);
    }

    private long count(String sql, Object param) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setObject(1, param);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
