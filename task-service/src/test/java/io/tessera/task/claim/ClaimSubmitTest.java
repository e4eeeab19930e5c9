package io.tessera.task.claim;

import static io.tessera.task.TaskApi.claim;
import static io.tessera.task.TaskApi.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.task.TaskApi;
import io.tessera.testkit.TestClock;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class ClaimSubmitTest {
    private final TaskApi api = new TaskApi();
    @Inject
    TestClock clock;
    @Inject
    LeaseService leases;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aWorkerNeverGetsTheSameItemTwiceAndNoItemGetsMoreThanKWorkers() {
        UUID job = api.runningJob(4, 2, 0, 0);
        UUID alice = UUID.randomUUID();
        List<Map<String, Object>> first = claim(alice, job, 20);
        assertThat(first).hasSize(4);
        assertThat(first.stream().map(a -> a.get("data").toString()).distinct()).hasSize(4);
        assertThat(claim(alice, job, 1)).as("alice holds every item already").isEmpty();

        UUID bob = UUID.randomUUID();
        assertThat(claim(bob, job, 20)).hasSize(4);
        assertThat(claim(UUID.randomUUID(), job, 20)).as("both slots of every item are taken").isEmpty();
    }

    @Test
    void theClaimShowsTheTaskButNothingAboutGold() {
        UUID job = api.runningJob(3, 1, 5, 0.9);
        Set<String> keys = new HashSet<>();
        int gold = 0;
        for (int w = 0; w < 5; w++) {
            for (Map<String, Object> a : claim(UUID.randomUUID(), job, 3)) {
                keys.addAll(a.keySet());
                if (a.get("data").toString().contains("gold")) {
                    gold++;
                }
                assertThat(((Map<String, ?>) a.get("schema")).keySet()).containsExactlyInAnyOrder("kind", "labels");
            }
        }
        assertThat(keys).containsExactlyInAnyOrder("assignmentId", "jobId", "data", "schema", "instructions",
                "leaseExpiresAt");
        assertThat(gold).as("gold is mixed in at a 90% rate").isGreaterThan(0);
    }

    /**
     * Assignment ids are version 7 UUIDs (time first) for regular and gold tasks alike, so claims append to the
     * indexes keyed by them instead of touching a random leaf page each (docs/performance.md, session 7).
     */
    @Test
    void assignmentIdsAreTimeOrderedForRegularAndGoldTasksAlike() throws Exception {
        UUID job = api.runningJob(30, 1, 10, 0.5);
        long before = System.currentTimeMillis();
        List<String> ids = new ArrayList<>();
        List<String> firstOfEachClaim = new ArrayList<>();
        int gold = 0;
        for (int w = 0; w < 10; w++) {
            List<Map<String, Object>> claimed = claim(UUID.randomUUID(), job, 2);
            assertThat(claimed).hasSize(2);
            for (Map<String, Object> a : claimed) {
                ids.add(a.get("assignmentId").toString());
                gold += a.get("data").toString().contains("gold") ? 1 : 0;
            }
            firstOfEachClaim.add(ids.get(ids.size() - 2));
            Thread.sleep(2); // the next claim falls in a later millisecond
        }
        long after = System.currentTimeMillis();
        assertThat(gold).as("gold among the 20 tasks claimed (rate 0.5)").isBetween(1, 19);
        assertThat(firstOfEachClaim).as("later claims sort later, as PostgreSQL orders uuids").isSorted();
        for (String text : ids) {
            UUID id = UUID.fromString(text);
            assertThat(id.version()).as(text).isEqualTo(7);
            assertThat(id.variant()).as(text).isEqualTo(2);
            assertThat(id.getMostSignificantBits() >>> 16).as("the claim's millisecond in " + text)
                    .isBetween(before - 1, after + 1);
        }
    }

    @Test
    void submitStoresTheLabelOnceAndRetriesWithTheSameKeyGetTheSameAnswer() {
        UUID job = api.runningJob(1, 1, 0, 0);
        UUID worker = UUID.randomUUID();
        Object assignment = claim(worker, job, 1).get(0).get("assignmentId");
        String path = "/api/v1/assignments/" + assignment + "/submission";
        Map<String, Object> body = Map.of("label", "pos");
        var first = TaskApi.asWorker(worker).header("Idempotency-Key", "k-1").body(body).post(path)
                .then().statusCode(201).extract();
        TaskApi.asWorker(worker).header("Idempotency-Key", "k-1").body(body).post(path).then().statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("submissionId", equalTo(first.path("submissionId")))
                .body("submittedAt", equalTo(first.path("submittedAt")));
        TaskApi.asWorker(worker).body(body).post(path).then().statusCode(409);
        assertThat(count("SELECT count(*) FROM submission WHERE assignment_id = '" + assignment + "'")).isEqualTo(1);
    }

    @Test
    void concurrentRetriesWithTheSameKeyAllGetTheOneStoredSubmission() throws Exception {
        UUID job = api.runningJob(1, 1, 0, 0);
        UUID worker = UUID.randomUUID();
        Object assignment = claim(worker, job, 1).get(0).get("assignmentId");
        String path = "/api/v1/assignments/" + assignment + "/submission";
        int retries = 8;
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(retries);
        try {
            List<java.util.concurrent.Future<io.restassured.response.Response>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < retries; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return TaskApi.asWorker(worker).header("Idempotency-Key", "same").body(Map.of("label", "pos"))
                            .post(path);
                }));
            }
            start.countDown();
            Set<Object> ids = new HashSet<>();
            for (var answer : answers) {
                var response = answer.get();
                assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
                ids.add(response.path("submissionId"));
            }
            assertThat(ids).as("every retry sees the one stored submission").hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM submission WHERE assignment_id = '" + assignment + "'")).isEqualTo(1);
    }

    @Test
    void invalidLabelsAreA422AndChangeNothing() {
        UUID job = api.runningJob(1, 1, 0, 0);
        UUID worker = UUID.randomUUID();
        Object assignment = claim(worker, job, 1).get(0).get("assignmentId");
        for (Object bad : List.of("cat", 3, List.of("pos"), Map.of("label", "pos"))) {
            submit(worker, assignment, bad).then().statusCode(422).contentType("application/problem+json")
                    .body("errors.field", hasItem("label"));
        }
        TaskApi.asWorker(worker).body(Map.of("durationMs", 5)).post("/api/v1/assignments/" + assignment + "/submission")
                .then().statusCode(400).body("errors.field", hasItem("label"));
        assertThat(count("SELECT count(*) FROM submission WHERE assignment_id = '" + assignment + "'")).isZero();
        submit(worker, assignment, "neg").then().statusCode(201);
    }

    @Test
    void someoneElsesOrAnUnknownAssignmentIsRefused() {
        UUID job = api.runningJob(1, 1, 0, 0);
        UUID worker = UUID.randomUUID();
        Object assignment = claim(worker, job, 1).get(0).get("assignmentId");
        submit(UUID.randomUUID(), assignment, "pos").then().statusCode(403);
        submit(worker, UUID.randomUUID(), "pos").then().statusCode(404);
        TaskApi.asWorker(UUID.randomUUID()).post("/api/v1/assignments/" + assignment + "/release").then().statusCode(403);
        submit(worker, assignment, "pos").then().statusCode(201);
    }

    @Test
    void anExpiredLeaseReturnsTheSlotAndALateSubmitIsRefused() {
        UUID job = api.runningJob(1, 1, 0, 0);
        UUID slow = UUID.randomUUID();
        Object assignment = claim(slow, job, 1).get(0).get("assignmentId");
        UUID other = UUID.randomUUID();
        assertThat(claim(other, job, 1)).isEmpty();
        clock.advance(Duration.ofSeconds(61));
        submit(slow, assignment, "pos").then().statusCode(409);
        leases.reapExpired(); // the scheduled reaper (every second, same clock) may have been first
        assertThat(count("SELECT count(*) FROM assignment WHERE id = '" + assignment + "' AND state = 'expired'"))
                .isEqualTo(1);
        assertThat(claim(other, job, 1)).hasSize(1);
        assertThat(claim(slow, job, 1)).as("the slow worker had the item already").isEmpty();
        submit(slow, assignment, "pos").then().statusCode(409);
    }

    @Test
    void releaseGivesTheSlotBackAtOnceButNotToTheSameWorker() {
        UUID job = api.runningJob(1, 1, 0, 0);
        UUID skipper = UUID.randomUUID();
        Object assignment = claim(skipper, job, 1).get(0).get("assignmentId");
        TaskApi.asWorker(skipper).post("/api/v1/assignments/" + assignment + "/release").then().statusCode(204);
        submit(skipper, assignment, "pos").then().statusCode(409);
        assertThat(claim(skipper, job, 1)).isEmpty();
        assertThat(claim(UUID.randomUUID(), job, 1)).hasSize(1);
    }

    @Test
    void pausedAndCancelledJobsGiveNoWorkAndCancelReleasesLeasesAndDropsUnfilledSlots() {
        UUID job = api.runningJob(3, 1, 0, 0);
        UUID worker = UUID.randomUUID();
        Object assignment = claim(worker, job, 1).get(0).get("assignmentId");
        UUID other = UUID.randomUUID();
        submit(other, claim(other, job, 1).get(0).get("assignmentId"), "pos").then().statusCode(201);
        api.asClient().post("/api/v1/jobs/" + job + "/pause").then().statusCode(200);
        assertThat(claim(UUID.randomUUID(), job, 1)).isEmpty();
        api.asClient().post("/api/v1/jobs/" + job + "/start").then().statusCode(200);
        api.asClient().post("/api/v1/jobs/" + job + "/cancel").then().statusCode(200)
                .body("progress.activeLeases", equalTo(0));
        assertThat(claim(UUID.randomUUID(), job, 1)).isEmpty();
        submit(worker, assignment, "pos").then().statusCode(409);
        assertThat(count("SELECT count(*) FROM task_slot WHERE job_id = '" + job + "' AND state <> 'done'"))
                .as("no open or leased slot is left behind").isZero();
        assertThat(count("SELECT count(*) FROM task_slot WHERE job_id = '" + job + "' AND state = 'done'"))
                .as("the filled slot stays").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM assignment WHERE id = '" + assignment + "' AND state = 'released'"))
                .isEqualTo(1);
        TaskApi.asWorker(worker).body(Map.of("jobId", UUID.randomUUID().toString())).post("/api/v1/claims")
                .then().statusCode(404);
    }

    private long count(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
