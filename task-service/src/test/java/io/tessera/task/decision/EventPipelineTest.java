package io.tessera.task.decision;

import static io.tessera.task.TaskApi.claim;
import static io.tessera.task.TaskApi.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.Topics;
import io.tessera.task.TaskApi;
import io.tessera.task.TestEvents;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The event pipeline against the real broker: outbox → Kafka, and decisions from Kafka → items and jobs. */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class EventPipelineTest {
    private final TaskApi api = new TaskApi();
    @Inject
    ObjectMapper json;

    @Test
    void aSubmissionIsPublishedWithWhatQualityNeeds() throws Exception {
        UUID job = api.runningJob(1, 1, 1, 0);
        UUID worker = UUID.randomUUID();
        Object assignment = claim(worker, job, 1).get(0).get("assignmentId");
        submit(worker, assignment, "neg").then().statusCode(201);

        EventEnvelope event = TestEvents.awaitEvent(Topics.SUBMISSIONS, e -> assignment.equals(e.payload().path("assignmentId").asText()));
        JsonNode payload = event.payload();
        assertThat(event.type()).isEqualTo("submission.created");
        assertThat(event.key()).isEqualTo(payload.path("itemId").asText());
        assertThat(payload.path("jobId").asText()).isEqualTo(job.toString());
        assertThat(payload.path("orgId").asText()).isEqualTo(api.org.toString());
        assertThat(payload.path("workerId").asText()).isEqualTo(worker.toString());
        assertThat(payload.path("label").asText()).isEqualTo("neg");
        assertThat(payload.path("gold").asBoolean()).isFalse();
        assertThat(payload.path("requiredLabels").asInt()).isEqualTo(1);
        assertThat(payload.path("schema").path("kind").asText()).isEqualTo("categorical");
    }

    @Test
    void goldSubmissionsAreStoredAndCarryTheAnswerForQuality() throws Exception {
        UUID job = api.runningJob(10, 1, 3, 0.9);
        UUID worker = UUID.randomUUID();
        Map<String, Object> mine = null;
        for (int i = 0; i < 10 && mine == null; i++) {
            List<Map<String, Object>> got = claim(worker, job, 1);
            assertThat(got).isNotEmpty();
            mine = got.get(0).get("data").toString().contains("gold") ? got.get(0) : null;
        }
        assertThat(mine).as("a gold task within 10 claims at a 90% rate").isNotNull();
        Object assignment = mine.get("assignmentId");
        submit(worker, assignment, "neg").then().statusCode(201);
        EventEnvelope event = TestEvents.awaitEvent(Topics.SUBMISSIONS, e -> assignment.equals(e.payload().path("assignmentId").asText()));
        assertThat(event.payload().path("gold").asBoolean()).isTrue();
        assertThat(event.payload().path("goldAnswer").asText()).isEqualTo("pos");
        assertThat(event.payload().path("explanation").asText()).isEqualTo("because");
    }

    @Test
    void resolvedDecisionsStoreTheLabelAndCompleteTheJob() throws Exception {
        UUID job = api.runningJob(2, 1, 0, 0);
        UUID worker = UUID.randomUUID();
        List<Map<String, Object>> tasks = claim(worker, job, 2);
        for (Map<String, Object> task : tasks) {
            submit(worker, task.get("assignmentId"), "pos").then().statusCode(201);
        }
        List<Long> items = itemIds(job);
        send(Decisions.RESOLVED, items.get(0), new Decisions.Resolved(job, items.get(0), json.valueToTree("pos"), 0.9, 1, null));
        awaitProgress(job, "resolvedItems", 1);
        api.asClient().get("/api/v1/jobs/" + job).then().body("state", equalTo("running"));
        send(Decisions.RESOLVED, items.get(1), new Decisions.Resolved(job, items.get(1), json.valueToTree("pos"), 0.8, 1, "live"));
        awaitProgress(job, "resolvedItems", 2);
        api.asClient().get("/api/v1/jobs/" + job).then().body("state", equalTo("completed"));
        EventEnvelope completed = TestEvents.awaitEvent(Topics.JOBS, e -> e.key().equals(job.toString()));
        assertThat(completed.type()).isEqualTo("job.completed");
        assertThat(completed.payload().path("orgId").asText()).isEqualTo(api.org.toString());
        assertThat(completed.payload().path("completedAt").isMissingNode()).isFalse();

        api.asClient().get("/api/v1/jobs/" + job + "/results").then().statusCode(200)
                .body("size()", equalTo(2)).body("[0].label", equalTo("pos")).body("[0].confidence", equalTo(0.9f))
                .body("[0].mergedBy", equalTo("live"))
                .body("[0].labels[0].workerId", equalTo(worker.toString()));
        // The batch re-merge of the completed job replaces the label (quality-service sends it as item.resolved).
        send(Decisions.RESOLVED, items.get(0), new Decisions.Resolved(job, items.get(0), json.valueToTree("neg"), 0.97, 1, "ds"));
        TestEvents.await("the batch label", () -> "ds".equals(api.asClient().get("/api/v1/jobs/" + job + "/results")
                .then().extract().path("[0].mergedBy")));
        api.asClient().get("/api/v1/jobs/" + job + "/results").then().body("[0].label", equalTo("neg"))
                .body("[0].confidence", equalTo(0.97f));
        api.asClient().get("/api/v1/jobs/" + job).then().body("state", equalTo("completed"));
        String csv = api.asClient().accept("text/csv").get("/api/v1/jobs/" + job + "/results").then().statusCode(200)
                .contentType("text/csv").extract().asString();
        assertThat(csv.split("\r\n")).hasSize(3);
        assertThat(csv).startsWith("externalId,resolved,label,confidence,labelCount,labels").contains("item-0,true,neg,0.97,1,");
        String lines = api.asClient().accept("application/x-ndjson").get("/api/v1/jobs/" + job + "/results").then()
                .statusCode(200).extract().asString();
        assertThat(lines.strip().split("\n")).hasSize(2);
        assertThat(json.readTree(lines.split("\n")[1]).path("externalId").asText()).isEqualTo("item-1");
    }

    @Test
    void anExtendedItemGetsOneMoreSlotOnceEvenIfTheEventComesTwice() throws Exception {
        UUID job = api.runningJob(1, 1, 0, 0);
        UUID first = UUID.randomUUID();
        submit(first, claim(first, job, 1).get(0).get("assignmentId"), "pos").then().statusCode(201);
        long item = itemIds(job).get(0);
        UUID eventId = UUID.randomUUID();
        Decisions.Extended extended = new Decisions.Extended(job, item, 2);
        send(eventId, Decisions.EXTENDED, item, extended);
        send(eventId, Decisions.EXTENDED, item, extended);
        UUID second = UUID.randomUUID();
        List<Map<String, Object>> got = List.of();
        for (int i = 0; i < 100 && got.isEmpty(); i++) {
            got = claim(second, job, 1);
            Thread.sleep(100);
        }
        assertThat(got).hasSize(1);
        assertThat(claim(UUID.randomUUID(), job, 1)).as("only one slot was added").isEmpty();
    }

    @Test
    void aReopenedItemOfACompletedJobGetsItsSlotsBackBeyondMaxOverlap() {
        Map<String, Object> body = TaskApi.jobBody(1, 0);
        body.put("maxOverlap", 1);
        body.put("quality", Map.of("minGoldAccuracy", 0.6, "minGoldAnswers", 5, "blockScope", "job"));
        UUID job = api.start(body, 1, 0);
        api.asClient().get("/api/v1/jobs/" + job).then().body("quality.minGoldAnswers", equalTo(5));
        UUID spammer = UUID.randomUUID();
        submit(spammer, claim(spammer, job, 1).get(0).get("assignmentId"), "neg").then().statusCode(201);
        long item = itemIds(job).get(0);
        send(Decisions.RESOLVED, item, new Decisions.Resolved(job, item, json.valueToTree("neg"), 1.0, 1, null));
        awaitProgress(job, "resolvedItems", 1);
        api.asClient().get("/api/v1/jobs/" + job).then().body("state", equalTo("completed"));

        send(Decisions.REOPENED, item, new Decisions.Reopened(job, item, 2, spammer));
        awaitProgress(job, "resolvedItems", 0);
        api.asClient().get("/api/v1/jobs/" + job).then().body("state", equalTo("running"));
        UUID honest = UUID.randomUUID();
        assertThat(claim(honest, job, 1)).as("one new slot beyond maxOverlap 1").hasSize(1);
        assertThat(claim(UUID.randomUUID(), job, 1)).isEmpty();
        assertThat(claim(spammer, job, 1)).as("never the same item twice").isEmpty();
    }

    @Test
    void aBadQualityPolicyIsA400() {
        Map<String, Object> body = TaskApi.jobBody(3, 0);
        body.put("quality", Map.of("confidenceTarget", 1.5, "blockScope", "galaxy", "batchAlgorithm", "best"));
        api.asClient().body(body).post("/api/v1/jobs").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("quality.confidenceTarget", "quality.blockScope",
                        "quality.batchAlgorithm"));
    }

    @Test
    void aBatchAlgorithmMustFitTheJobsKind() {
        Map<String, Object> categorical = TaskApi.jobBody(3, 0);
        categorical.put("quality", Map.of("batchAlgorithm", "weighted"));
        api.asClient().body(categorical).post("/api/v1/jobs").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("quality.batchAlgorithm"))
                .body("errors.message", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.containsString(
                        "a categorical job takes one of ds, mv, wawa, zbs, onecoin, glad, mace")));
        Map<String, Object> rating = TaskApi.jobBody(3, 0);
        rating.put("schema", Map.of("kind", "rating", "min", 1, "max", 5, "scale", "ordinal"));
        rating.put("quality", Map.of("batchAlgorithm", "ds"));
        api.asClient().body(rating).post("/api/v1/jobs").then().statusCode(400)
                .body("errors.message", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.containsString(
                        "weighted, weighted-bias, median, mean (default weighted)")));
        rating.put("quality", Map.of("batchAlgorithm", "weighted-bias"));
        api.asClient().body(rating).post("/api/v1/jobs").then().statusCode(201)
                .body("quality.batchAlgorithm", equalTo("weighted-bias"));
        Map<String, Object> boxes = TaskApi.jobBody(3, 0);
        boxes.put("schema", Map.of("kind", "bounding-boxes", "labels", List.of("car")));
        boxes.put("quality", Map.of("batchAlgorithm", "per-label-ds"));
        api.asClient().body(boxes).post("/api/v1/jobs").then().statusCode(400)
                .body("errors.message", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.containsString("box-weighted, box")));
    }

    private static List<Long> itemIds(UUID job) {
        return TaskDb.itemIds(job);
    }

    private void awaitProgress(UUID job, String field, int expected) {
        TestEvents.await("progress." + field + " = " + expected, () -> Integer.valueOf(expected)
                .equals(api.asClient().get("/api/v1/jobs/" + job).then().extract().path("progress." + field)));
    }

    private static void send(String type, long item, Object payload) {
        send(UUID.randomUUID(), type, item, payload);
    }

    private static void send(UUID eventId, String type, long item, Object payload) {
        TestEvents.send(Topics.TASK_DECISIONS, eventId, type, Long.toString(item), payload);
    }
}
