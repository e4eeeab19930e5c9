package io.tessera.worker.qualification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.Topics;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.worker.TestData;
import io.tessera.worker.TestEvents;
import io.tessera.worker.block.VerdictTestEvents;
import io.tessera.worker.status.WorkerStatusEvents;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Exams from worker.scored events: pass and fail paths, attempts, the retry delay (measured in the
 * events' time, so the test sets occurredAt instead of waiting), and the blocks that carry both to
 * task-service's claim path.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class ExamTest {
    private static final AtomicLong ITEMS = new AtomicLong();

    @Test
    void failThenWaitOutTheRetryDelayThenPass() {
        UUID worker = TestData.worker(TestData.unique("tia"), null);
        UUID job = UUID.randomUUID();
        String name = TestData.qualificationName("exam-boxes");
        String q = defineExam(name, job, 66, 3, 3, "PT1H");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        // attempt 1: 1 of 3 correct, fails; the worker is blocked from the exam job for an hour
        score(worker, job, true, t0);
        score(worker, job, false, t0.plusSeconds(10));
        score(worker, job, false, t0.plusSeconds(20));
        EventEnvelope cooling = TestEvents.awaitStatus(worker, WorkerStatusEvents.BLOCKED, e -> true);
        assertThat(cooling.payload().path("scope").asText()).isEqualTo("job");
        assertThat(cooling.payload().path("jobId").asText()).isEqualTo(job.toString());
        assertThat(Instant.parse(cooling.payload().path("until").asText())).isEqualTo(t0.plusSeconds(20).plus(Duration.ofHours(1)));
        assertThat(cooling.payload().path("reason").asText()).contains("attempt 1 of 3");
        // and task-service hears that the attempt is over (its next attempt opens on this)
        EventEnvelope concluded = TestEvents.awaitStatus(worker, WorkerStatusEvents.EXAM,
                e -> e.payload().path("attempt").asInt() == 1);
        assertThat(concluded.payload().path("jobId").asText()).isEqualTo(job.toString());
        assertThat(concluded.payload().path("qualification").asText()).isEqualTo(name);
        assertThat(concluded.payload().path("passed").asBoolean()).isFalse();
        assertThat(concluded.payload().path("correct").asInt()).isEqualTo(1);
        assertThat(concluded.payload().path("answered").asInt()).isEqualTo(3);
        assertThat(concluded.payload().path("attemptsLeft").asInt()).isEqualTo(2);
        assertThat(Instant.parse(concluded.payload().path("nextAttemptAt").asText()))
                .isEqualTo(t0.plusSeconds(20).plus(Duration.ofHours(1)));

        // answers within the retry delay do not count
        score(worker, job, true, t0.plus(Duration.ofMinutes(30)));
        // attempt 2, after the delay: 2 of 3 correct = 66.7 % ≥ 66 %, passes
        Instant t1 = t0.plus(Duration.ofHours(2));
        score(worker, job, true, t1);
        score(worker, job, false, t1.plusSeconds(10));
        score(worker, job, true, t1.plusSeconds(20));

        EventEnvelope updated = TestEvents.awaitStatus(worker, WorkerStatusEvents.UPDATED,
                e -> e.payload().path("qualifications").size() == 1);
        assertThat(updated.payload().path("qualifications").get(0).asText()).isEqualTo(name);
        // passed: blocked from the exam job for good (the earlier, ended block is lifted after it)
        EventEnvelope done = TestEvents.awaitStatus(worker, WorkerStatusEvents.BLOCKED,
                e -> e.payload().path("reason").asText().contains("passed"));
        assertThat(done.payload().get("until").isNull()).isTrue();
        EventEnvelope passed = TestEvents.awaitStatus(worker, WorkerStatusEvents.EXAM,
                e -> e.payload().path("attempt").asInt() == 2);
        assertThat(passed.payload().path("passed").asBoolean()).isTrue();
        assertThat(passed.payload().path("attemptsLeft").asInt()).isZero();
        assertThat(passed.payload().get("nextAttemptAt").isNull()).isTrue();

        String token = TestJwt.worker(worker);
        given().auth().oauth2(token).get("/api/v1/workers/me/qualifications").then().statusCode(200)
                .body("name", contains(name))
                .body("[0].source", equalTo("exam"))
                .body("[0].exam.attempt", equalTo(2))
                .body("[0].exam.correct", equalTo(2))
                .body("[0].exam.answered", equalTo(3));
        JsonPath exams = given().auth().oauth2(token).get("/api/v1/workers/me/exams").then().statusCode(200)
                .body("$", hasSize(1)).extract().jsonPath();
        assertThat(exams.getString("[0].qualificationId")).isEqualTo(q);
        assertThat(exams.getBoolean("[0].passed")).isTrue();
        assertThat(exams.getInt("[0].attemptsLeft")).isZero();
        assertThat(exams.getList("attempts[0].passed", Boolean.class)).containsExactly(false, true);
        assertThat(exams.getList("attempts[0].correct", Integer.class)).containsExactly(1, 2);

        // answers after passing change nothing
        score(worker, job, false, t1.plus(Duration.ofHours(1)));
        sync(worker);
        given().auth().oauth2(token).get("/api/v1/workers/me/exams").then().body("[0].attempts", hasSize(2));
    }

    @Test
    void noAttemptsLeftBlocksTheExamForGood() {
        UUID worker = TestData.worker(TestData.unique("ugo"), null);
        UUID job = UUID.randomUUID();
        defineExam(TestData.qualificationName("exam-ner"), job, 100, 2, 2, "PT10M");
        Instant t0 = Instant.now();
        score(worker, job, true, t0);
        score(worker, job, false, t0.plusSeconds(1));
        Instant t1 = t0.plus(Duration.ofMinutes(11));
        score(worker, job, false, t1);
        score(worker, job, true, t1.plusSeconds(1));
        EventEnvelope last = TestEvents.awaitStatus(worker, WorkerStatusEvents.BLOCKED,
                e -> e.payload().path("reason").asText().contains("no attempts left"));
        assertThat(last.payload().get("until").isNull()).isTrue();

        score(worker, job, true, t1.plus(Duration.ofDays(1))); // does not start a third attempt
        sync(worker);
        given().auth().oauth2(TestJwt.worker(worker)).get("/api/v1/workers/me/exams").then().statusCode(200)
                .body("[0].attempts", hasSize(2))
                .body("[0].attemptsLeft", equalTo(0))
                .body("[0].passed", is(false))
                .body("[0].nextAttemptAt", nullValue());
        given().auth().oauth2(TestJwt.worker(worker)).get("/api/v1/workers/me/qualifications").then()
                .body("$", hasSize(0));
        // the admin sees the exam block (and the sync marker's verdict block); only an admin may lift them
        given().auth().oauth2(TestJwt.admin()).queryParam("active", true).get("/api/v1/workers/{id}/blocks", worker)
                .then().statusCode(200).body("source", contains("exam", "verdict"));
    }

    @Test
    void withoutARetryDelayTheNextAttemptStartsAtOnceAndNothingIsBlocked() {
        UUID worker = TestData.worker(TestData.unique("val"), null);
        UUID job = UUID.randomUUID();
        defineExam(TestData.qualificationName("exam-rating"), job, 50, 2, 5, "PT0S");
        Instant t0 = Instant.now();
        score(worker, job, false, t0);
        score(worker, job, false, t0.plusSeconds(1));
        score(worker, job, false, t0.plusSeconds(2));
        sync(worker);
        JsonPath exams = given().auth().oauth2(TestJwt.worker(worker)).get("/api/v1/workers/me/exams").then()
                .statusCode(200).extract().jsonPath();
        assertThat(exams.getInt("[0].attemptsLeft")).isEqualTo(3);
        assertThat(exams.getList("attempts[0].answered", Integer.class)).containsExactly(2, 1);
        assertThat(exams.getString("[0].nextAttemptAt")).isNull();
        // no exam block: the creation, the failed attempt (task-service opens the next one at once) and
        // the sync marker's verdict block
        assertThat(TestEvents.status(worker)).extracting(EventEnvelope::type)
                .containsExactly(WorkerStatusEvents.UPDATED, WorkerStatusEvents.EXAM, WorkerStatusEvents.BLOCKED);
        assertThat(TestEvents.status(worker).get(1).payload().path("nextAttemptAt").isNull()).isTrue();
        assertThat(TestEvents.status(worker).get(1).payload().path("attemptsLeft").asInt()).as("after attempt 1 of 5").isEqualTo(4);
    }

    @Test
    void aRedeliveredScoreCountsOnceAndScoresOfOtherJobsDoNotCount() {
        UUID worker = TestData.worker(TestData.unique("wyn"), null);
        UUID job = UUID.randomUUID();
        defineExam(TestData.qualificationName("exam-spans"), job, 100, 2, 1, "PT0S");
        UUID event = UUID.randomUUID();
        Instant t0 = Instant.now();
        Map<String, Object> payload = scored(worker, job, true);
        TestEvents.send(Topics.WORKER_SCORES, event, "worker.scored", worker.toString(), t0, payload);
        TestEvents.send(Topics.WORKER_SCORES, event, "worker.scored", worker.toString(), t0, payload);
        score(worker, UUID.randomUUID(), true, t0.plusSeconds(1)); // another job: not the exam
        sync(worker);
        given().auth().oauth2(TestJwt.worker(worker)).get("/api/v1/workers/me/exams").then()
                .body("[0].attempts", hasSize(1))
                .body("[0].attempts[0].answered", equalTo(1))
                .body("[0].attempts[0].finishedAt", nullValue());
    }

    private static String defineExam(String name, UUID job, int passPercent, int gold, int attempts, String delay) {
        return QualificationTest.define(TestJwt.admin(), QualificationTest.exam(name, job, passPercent, gold, attempts, delay))
                .then().statusCode(201).extract().path("id");
    }

    private static Map<String, Object> scored(UUID worker, UUID job, boolean correct) {
        return Map.ofEntries(Map.entry("workerId", worker.toString()), Map.entry("jobId", job.toString()),
                Map.entry("itemId", ITEMS.incrementAndGet()), Map.entry("correct", correct),
                Map.entry("jobGoldSeen", 1), Map.entry("jobGoldCorrect", correct ? 1 : 0),
                Map.entry("jobGoldAccuracy", 0.5), Map.entry("goldSeen", 1), Map.entry("goldCorrect", 1),
                Map.entry("goldAccuracy", 0.5), Map.entry("explanation", "because"));
    }

    private static void score(UUID worker, UUID job, boolean correct, Instant at) {
        TestEvents.send(Topics.WORKER_SCORES, UUID.randomUUID(), "worker.scored", worker.toString(), at,
                scored(worker, job, correct));
    }

    /**
     * Waits until worker-service consumed everything sent for this worker so far: events of one worker
     * share a partition, so a verdict sent last and seen as a block means the scores before it were applied.
     */
    private static void sync(UUID worker) {
        UUID marker = UUID.randomUUID();
        UUID markerJob = UUID.randomUUID();
        VerdictTestEvents.verdict(marker, worker, markerJob, UUID.randomUUID(), "job", false);
        TestEvents.awaitStatus(worker, WorkerStatusEvents.BLOCKED,
                e -> e.payload().path("jobId").asText().equals(markerJob.toString()));
    }
}
