package io.tessera.task.claim;

import static io.tessera.task.TaskApi.claim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tessera.common.event.Topics;
import io.tessera.task.TaskApi;
import io.tessera.task.TestEvents;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class SchedulingEligibilityTest {
    private final TaskApi api = new TaskApi();

    @Test
    void depthFirstFinishesItemsAndBreadthFirstSpreadsThem() {
        UUID depth = api.start(with(TaskApi.jobBody(2, 0), "schedule", "depth-first"), 3, 0);
        assertThat(text(claim(UUID.randomUUID(), depth, 1))).isEqualTo("text 0");
        assertThat(text(claim(UUID.randomUUID(), depth, 1))).as("the second label of item 0 first").isEqualTo("text 0");
        assertThat(text(claim(UUID.randomUUID(), depth, 1))).isEqualTo("text 1");

        UUID breadth = api.start(with(TaskApi.jobBody(2, 0), "schedule", "breadth-first"), 3, 0);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            order.add(text(claim(UUID.randomUUID(), breadth, 1)));
        }
        assertThat(order).containsExactly("text 0", "text 1", "text 2", "text 0");

        UUID random = api.start(with(TaskApi.jobBody(1, 0), "schedule", "random"), 30, 0);
        List<String> shuffled = new ArrayList<>();
        UUID worker = UUID.randomUUID();
        for (int i = 0; i < 30; i++) {
            shuffled.add(text(claim(worker, random, 1)));
        }
        assertThat(shuffled).hasSize(30).doesNotHaveDuplicates();
        assertThat(shuffled.subList(0, 5)).as("not in upload order").isNotEqualTo(List.of("text 0", "text 1", "text 2",
                "text 3", "text 4"));
        api.asClient().body(with(TaskApi.jobBody(1, 0), "schedule", "sideways")).post("/api/v1/jobs").then()
                .statusCode(400).body("errors[0].field", equalTo("schedule"));
    }

    @Test
    void priorityFirstThenFairShareAcrossJobs() {
        UUID low = api.start(with(TaskApi.jobBody(1, 0), "priority", 900), 10, 0);
        UUID a = api.start(with(TaskApi.jobBody(1, 0), "priority", 901), 10, 0);
        UUID b = api.start(with(TaskApi.jobBody(1, 0), "priority", 901), 10, 0);
        Map<Object, Integer> perJob = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            Map<String, Object> task = TaskApi.asWorker(UUID.randomUUID()).body("{}").post("/api/v1/claims")
                    .then().statusCode(200).extract().jsonPath().getList("$", Map.class).get(0);
            perJob.merge(task.get("jobId"), 1, Integer::sum);
        }
        assertThat(perJob).as("the two priority-901 jobs share the work, the 900 one waits")
                .containsExactlyInAnyOrderEntriesOf(Map.of(a.toString(), 3, b.toString(), 3));
        for (UUID job : List.of(low, a, b)) {
            api.asClient().post("/api/v1/jobs/" + job + "/cancel").then().statusCode(200);
        }
    }

    @Test
    void aRequiredQualificationGatesTheJobUntilTheWorkerHoldsIt() {
        UUID job = api.start(with(TaskApi.jobBody(1, 0), "requiredQualifications", List.of("medical-imaging")), 2, 0);
        UUID worker = UUID.randomUUID();
        TaskApi.asWorker(worker).body(Map.of("jobId", job.toString())).post("/api/v1/claims").then().statusCode(403);
        TestEvents.send(Topics.WORKER_STATUS, "worker.updated", worker.toString(),
                Map.of("workerId", worker, "qualifications", List.of("medical-imaging", "english")));
        TestEvents.await("the qualification reached task-service", () -> TaskApi.asWorker(worker)
                .body(Map.of("jobId", job.toString())).post("/api/v1/claims").statusCode() == 200);
    }

    @Test
    void vendorRestrictedJobsAreForThatVendorsWorkersOnly() {
        UUID vendor = UUID.randomUUID();
        UUID job = api.start(with(TaskApi.jobBody(1, 0), "allowedVendors", List.of(vendor)), 2, 0);
        TaskApi.asWorker(UUID.randomUUID()).body(Map.of("jobId", job.toString())).post("/api/v1/claims").then()
                .statusCode(403);
        String floorWorker = TestJwt.token(UUID.randomUUID(), Set.of("worker"), Map.of("vendor", vendor.toString()));
        io.restassured.RestAssured.given().auth().oauth2(floorWorker).contentType(ContentType.JSON)
                .body(Map.of("jobId", job.toString())).post("/api/v1/claims").then().statusCode(200);
    }

    @Test
    void aGoldDrawWithoutGoldToGiveFallsBackToRegularWork() {
        UUID job = api.runningJob(20, 1, 0, 0.9);
        for (int i = 0; i < 20; i++) {
            assertThat(claim(UUID.randomUUID(), job, 1)).as("claim %d", i).hasSize(1);
        }
    }

    @Test
    void theCapLimitsLabelsPerWorker() {
        UUID job = api.start(with(TaskApi.jobBody(1, 0), "maxLabelsPerWorker", 2), 5, 0);
        UUID worker = UUID.randomUUID();
        assertThat(claim(worker, job, 5)).hasSize(2);
        assertThat(claim(worker, job, 5)).isEmpty();
        assertThat(claim(UUID.randomUUID(), job, 5)).hasSize(2);
        assertThat(claim(UUID.randomUUID(), job, 5)).hasSize(1);
    }

    @Test
    void aBlockReleasesTheWorkersLeasesAndStopsClaimsUntilLifted() {
        UUID job = api.runningJob(3, 1, 0, 0);
        UUID worker = UUID.randomUUID();
        assertThat(claim(worker, job, 1)).hasSize(1);
        TestEvents.send(Topics.WORKER_STATUS, "worker.blocked", worker.toString(),
                Map.of("workerId", worker, "scope", "job", "jobId", job, "reason", "gold accuracy 0.31 after 20 gold"));
        TestEvents.await("the lease was released", () -> Integer.valueOf(0).equals(
                api.asClient().get("/api/v1/jobs/" + job).then().extract().path("progress.activeLeases")));
        TaskApi.asWorker(worker).body(Map.of("jobId", job.toString())).post("/api/v1/claims").then().statusCode(403);
        assertThat(claim(UUID.randomUUID(), job, 3)).as("the released item is free again").hasSize(3);

        UUID other = api.runningJob(1, 1, 0, 0);
        assertThat(claim(worker, other, 1)).as("a job block is for that job only").hasSize(1);
        TestEvents.send(Topics.WORKER_STATUS, "worker.unblocked", worker.toString(),
                Map.of("workerId", worker, "scope", "job", "jobId", job));
        TestEvents.await("the block was lifted", () -> TaskApi.asWorker(worker).body(Map.of("jobId", job.toString()))
                .post("/api/v1/claims").statusCode() == 204);
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        body.put(key, value);
        return body;
    }

    @SuppressWarnings("unchecked")
    private static String text(List<Map<String, Object>> claimed) {
        assertThat(claimed).hasSize(1);
        return ((Map<String, Object>) claimed.get(0).get("data")).get("text").toString();
    }
}
