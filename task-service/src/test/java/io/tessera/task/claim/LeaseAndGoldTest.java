package io.tessera.task.claim;

import static io.tessera.task.TaskApi.claim;
import static io.tessera.task.TaskApi.submit;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.Topics;
import io.tessera.task.TaskApi;
import io.tessera.testkit.TestClock;
import io.tessera.task.TestEvents;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class LeaseAndGoldTest {
    private final TaskApi api = new TaskApi();
    @Inject
    TestClock clock;
    @Inject
    LeaseService leases;

    @Test
    void aHeartbeatExtendsTheLease() {
        UUID job = api.runningJob(1, 1, 0, 0);
        UUID worker = UUID.randomUUID();
        Map<String, Object> task = claim(worker, job, 1).get(0);
        Object id = task.get("assignmentId");
        clock.advance(Duration.ofSeconds(50));
        String extended = TaskApi.asWorker(worker).post("/api/v1/assignments/" + id + "/heartbeat").then()
                .statusCode(200).extract().path("leaseExpiresAt");
        assertThat(Instant.parse(extended)).isAfter(Instant.parse(task.get("leaseExpiresAt").toString()));
        clock.advance(Duration.ofSeconds(50));
        submit(worker, id, "pos").then().statusCode(201);
        TaskApi.asWorker(worker).post("/api/v1/assignments/" + id + "/heartbeat").then().statusCode(409);
        TaskApi.asWorker(UUID.randomUUID()).post("/api/v1/assignments/" + id + "/heartbeat").then().statusCode(403);
    }

    @Test
    void aLateLabelCountsOnlyWhereTheJobAllowsItAndTheSlotIsStillFree() {
        Map<String, Object> body = TaskApi.jobBody(1, 0);
        body.put("allowLateSubmit", true);
        UUID job = api.start(body, 3, 0);
        UUID before = UUID.randomUUID();
        Object beforeReaper = claim(before, job, 1).get(0).get("assignmentId");
        UUID after = UUID.randomUUID();
        Object afterReaper = claim(after, job, 1).get(0).get("assignmentId");
        UUID taken = UUID.randomUUID();
        Object takenOver = claim(taken, job, 1).get(0).get("assignmentId");
        clock.advance(Duration.ofSeconds(61));
        submit(before, beforeReaper, "pos").then().statusCode(201);
        leases.reapExpired();
        submit(after, afterReaper, "neg").then().statusCode(201);
        assertThat(claim(UUID.randomUUID(), job, 1)).as("the last expired slot went to someone else").hasSize(1);
        submit(taken, takenOver, "pos").then().statusCode(409);

        UUID strict = api.runningJob(1, 1, 0, 0);
        UUID slow = UUID.randomUUID();
        Object late = claim(slow, strict, 1).get(0).get("assignmentId");
        clock.advance(Duration.ofSeconds(61));
        submit(slow, late, "pos").then().statusCode(409);
    }

    @Test
    void aSkipIsPublishedForQualityAndCanBeRepeated() {
        UUID job = api.runningJob(1, 1, 0, 0);
        UUID worker = UUID.randomUUID();
        Object id = claim(worker, job, 1).get(0).get("assignmentId");
        TaskApi.asWorker(worker).post("/api/v1/assignments/" + id + "/release").then().statusCode(204);
        TaskApi.asWorker(worker).post("/api/v1/assignments/" + id + "/release").then().statusCode(204);
        EventEnvelope skip = TestEvents.awaitEvent(Topics.SUBMISSIONS,
                e -> id.equals(e.payload().path("assignmentId").asText()));
        assertThat(skip.type()).isEqualTo("assignment.released");
        assertThat(skip.payload().path("workerId").asText()).isEqualTo(worker.toString());
    }

    @Test
    void goldIsNotRepeatedUntilExhaustedThenRotatesLeastRecentlySeenFirst() {
        UUID job = api.runningJob(30, 1, 2, 0.9);
        UUID worker = UUID.randomUUID();
        List<String> gold = new ArrayList<>();
        for (int i = 0; i < 30 && gold.size() < 4; i++) {
            Map<String, Object> task = claim(worker, job, 1).get(0);
            String text = task.get("data").toString();
            if (text.contains("gold")) {
                gold.add(text);
            }
            submit(worker, task.get("assignmentId"), "pos").then().statusCode(201);
            clock.advance(Duration.ofMillis(5));
        }
        assertThat(gold).hasSize(4);
        assertThat(gold.get(1)).as("unseen gold first").isNotEqualTo(gold.get(0));
        assertThat(gold.subList(2, 4)).as("then the least recently seen").containsExactly(gold.get(0), gold.get(1));
    }

    @Test
    void aWorkerWhoLabeledEveryOpenItemGetsNoGoldAlone() {
        // One item with a second slot open for someone else, half the positions gold: the worker who
        // labeled the item has no regular work left here, so no gold either (it would come alone and repeat).
        UUID job = api.runningJob(1, 2, 3, 0.5);
        UUID worker = UUID.randomUUID();
        String regular = null;
        for (int i = 0; i < 20 && regular == null; i++) {
            Map<String, Object> task = claim(worker, job, 1).get(0);
            submit(worker, task.get("assignmentId"), "pos").then().statusCode(201);
            if (!task.get("data").toString().contains("gold")) {
                regular = task.get("data").toString();
            }
        }
        assertThat(regular).as("the regular item came within 20 claims").isNotNull();
        for (int i = 0; i < 20; i++) {
            assertThat(claim(worker, job, 1)).as("claim %d after the worker's last regular item", i).isEmpty();
        }
        assertThat(claim(UUID.randomUUID(), job, 1)).as("another worker still gets the open slot").isNotEmpty();
    }
}
