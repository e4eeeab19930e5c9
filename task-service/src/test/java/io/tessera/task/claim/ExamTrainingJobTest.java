package io.tessera.task.claim;

import static io.tessera.task.TaskApi.claim;
import static io.tessera.task.TaskApi.submit;
import static io.tessera.task.TestSql.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tessera.common.event.Topics;
import io.tessera.task.TaskApi;
import io.tessera.task.TestEvents;
import io.tessera.testkit.TestClock;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Exam and training jobs: gold items only, claimed by name, attempts of examQuestions, training feedback. */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class ExamTrainingJobTest {
    private final TaskApi api = new TaskApi();
    @Inject
    DataSource dataSource;
    @Inject
    TestClock clock;

    static Map<String, Object> goldOnlyBody(String purpose) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Sentiment " + purpose);
        body.put("purpose", purpose);
        body.put("schema", Map.of("kind", "categorical", "labels", List.of("pos", "neg", "neutral")));
        body.put("leaseSeconds", 60);
        return body;
    }

    private UUID goldOnlyJob(Map<String, Object> body, int gold) {
        UUID job = api.createJob(body);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < gold; i++) {
            items.add(Map.of("externalId", "q" + i, "data", Map.of("text", "question " + i),
                    "answer", i % 2 == 0 ? "pos" : "neg", "explanation", "question " + i + " is " + (i % 2 == 0 ? "pos" : "neg")));
        }
        api.asClient().body(items).post("/api/v1/jobs/" + job + "/gold").then().statusCode(201);
        api.asClient().post("/api/v1/jobs/" + job + "/start").then().statusCode(200)
                .body("purpose", equalTo(body.get("purpose"))).body("overlap", equalTo(1));
        return job;
    }

    @Test
    void wrongCombinationsAreRefusedWithTheFieldsNamed() {
        Map<String, Object> exam = goldOnlyBody("exam");
        exam.put("overlap", 3);
        exam.put("goldRate", 0.5);
        exam.put("quality", Map.of("minGoldAccuracy", 0.8));
        exam.put("requiredQualifications", List.of("sentiment"));
        exam.put("grantsQualification", "sentiment");
        api.asClient().body(exam).post("/api/v1/jobs").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("overlap", "goldRate", "quality", "requiredQualifications"));

        Map<String, Object> training = goldOnlyBody("training");
        training.put("examQuestions", 3);
        training.put("grantsQualification", "sentiment");
        api.asClient().body(training).post("/api/v1/jobs").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("examQuestions", "grantsQualification"));

        Map<String, Object> labeling = TaskApi.jobBody(1, 0);
        labeling.put("examQuestions", 3);
        labeling.remove("overlap");
        labeling.remove("maxOverlap");
        api.asClient().body(labeling).post("/api/v1/jobs").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("examQuestions", "overlap"));

        api.asClient().body(Map.of("name", "x", "purpose", "quiz", "overlap", 1, "schema", Map.of("kind", "pairwise")))
                .post("/api/v1/jobs").then().statusCode(400).body("errors.field", containsInAnyOrder("purpose"));
    }

    @Test
    void anExamTakesGoldOnlyAndStartsWithEnoughQuestions() {
        Map<String, Object> body = goldOnlyBody("exam");
        body.put("examQuestions", 3);
        UUID job = api.createJob(body);
        api.asClient().body(List.of(Map.of("externalId", "r1", "data", Map.of("text", "t"))))
                .post("/api/v1/jobs/" + job + "/items").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("purpose"));
        api.asClient().body(List.of(Map.of("externalId", "q1", "data", Map.of("text", "t"), "answer", "pos")))
                .post("/api/v1/jobs/" + job + "/gold").then().statusCode(201);
        api.asClient().post("/api/v1/jobs/" + job + "/start").then().statusCode(409);
        api.asClient().get("/api/v1/jobs/" + job).then().statusCode(200)
                .body("state", equalTo("draft")).body("progress.items", equalTo(0)).body("progress.goldItems", equalTo(1));
    }

    @Test
    void anExamAttemptIsExamQuestionsDistinctQuestionsAndTheNextOpensWhenWorkerServiceConcludedIt() {
        Map<String, Object> body = goldOnlyBody("exam");
        body.put("examQuestions", 3);
        UUID job = goldOnlyJob(body, 5);
        UUID worker = UUID.randomUUID();

        List<Map<String, Object>> first = claim(worker, job, 20);
        assertThat(first).as("one attempt's worth").hasSize(3);
        assertThat(first.stream().map(t -> t.get("data").toString()).distinct()).hasSize(3);
        assertThat(claim(worker, job, 20)).as("the attempt is handed out").isEmpty();
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> task : first) {
            seen.add(task.get("data").toString());
            submit(worker, task.get("assignmentId"), "neutral").then().statusCode(201)
                    .body("feedback", nullValue()).body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("feedback")));
        }
        assertThat(claim(worker, job, 20)).as("answered, but not concluded by worker-service yet").isEmpty();

        TestEvents.send(Topics.WORKER_STATUS, "worker.exam", worker.toString(), Map.of("workerId", worker, "jobId", job,
                "qualification", "sentiment", "attempt", 1, "answered", 3, "correct", 0, "passed", false,
                "attemptsLeft", 1));
        List<Map<String, Object>> second = new ArrayList<>();
        TestEvents.await("the second attempt opened", () -> {
            second.addAll(claim(worker, job, 20));
            return !second.isEmpty();
        });
        second.addAll(claim(worker, job, 20));
        assertThat(second).as("the second attempt").hasSize(3);
        assertThat(second.stream().map(t -> t.get("data").toString()).distinct()).hasSize(3);
        assertThat(second.stream().map(t -> t.get("data").toString()).filter(d -> !seen.contains(d)))
                .as("the two questions not seen yet come first").hasSize(2);

        // A late redelivery of attempt 1 changes nothing.
        TestEvents.send(Topics.WORKER_STATUS, "worker.exam", worker.toString(), Map.of("workerId", worker, "jobId", job,
                "attempt", 1, "passed", false, "attemptsLeft", 1));
        for (Map<String, Object> task : second) {
            submit(worker, task.get("assignmentId"), "pos").then().statusCode(201);
        }
        assertThat(claim(worker, job, 20)).isEmpty();
    }

    /**
     * worker-service concludes a failed attempt with a block for the retry delay and then {@code worker.exam},
     * which opens the next round. A claim whose eligibility query ran just before both committed must not
     * hand out the new round's questions: it reads the round and the block in one snapshot.
     */
    @Test
    void aBlockThatCommitsWhileAClaimIsUnderWayKeepsTheNextAttemptClosed() throws Exception {
        UUID worker = UUID.randomUUID();
        UUID job = examWithTheFirstAttemptAnswered(worker);
        // What WorkerStatusConsumer writes for the concluded attempt: the claim passes the eligibility query (it
        // cannot see the block yet) and waits on the lock.
        Response refused = claimWhileHolding(worker, job, consumer -> {
            update(consumer, """
                    INSERT INTO worker_block (worker_id, scope, target, until, reason, event_at)
                    VALUES (?, 'job', ?, now() + interval '1 hour', 'exam failed (attempt 1 of 2)', now())""", worker, job);
            update(consumer, "INSERT INTO exam_round (worker_id, job_id, attempts, opened_at) VALUES (?, ?, 1, now())",
                    worker, job);
        });
        assertThat(refused.statusCode()).as("within the retry delay: %s", refused.asString()).isEqualTo(403);
        assertThat(TaskApi.asWorker(worker).body(Map.of("jobId", job.toString(), "max", 20)).post("/api/v1/claims")
                .statusCode()).isEqualTo(403);
    }

    /**
     * A claim reads the clock before it reads the round. When the round opens in between, the claim's
     * questions must still count in it (they are stamped with the round's opening): else the next claim
     * finds the attempt empty and hands out more than {@code examQuestions}.
     */
    @Test
    void aRoundThatOpensWhileAClaimIsUnderWayCountsThatClaimsQuestions() throws Exception {
        UUID worker = UUID.randomUUID();
        UUID job = examWithTheFirstAttemptAnswered(worker);
        // Opened after the claim reads its clock: a second later than now, on the services' clock.
        Response second = claimWhileHolding(worker, job, consumer -> update(consumer,
                "INSERT INTO exam_round (worker_id, job_id, attempts, opened_at) VALUES (?, ?, 1, ?)",
                worker, job, Timestamp.from(clock.instant().plusSeconds(1))));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.jsonPath().getList("$")).as("the second attempt").hasSize(2);
        assertThat(claim(worker, job, 20)).as("the second attempt is handed out").isEmpty();
    }

    /** An exam of three questions, two per attempt, whose first attempt the worker has claimed and answered. */
    private UUID examWithTheFirstAttemptAnswered(UUID worker) {
        Map<String, Object> body = goldOnlyBody("exam");
        body.put("examQuestions", 2);
        UUID job = goldOnlyJob(body, 3);
        List<Map<String, Object>> attempt = claim(worker, job, 20);
        assertThat(attempt).hasSize(2);
        for (Map<String, Object> task : attempt) {
            submit(worker, task.get("assignmentId"), "neutral").then().statusCode(201);
        }
        return job;
    }

    /** What a consumer transaction writes, on its own connection. */
    private interface Writes {
        void to(Connection c) throws SQLException;
    }

    /**
     * The worker's claim of the whole job, made while a transaction holds the claim's (worker, job) lock with
     * {@code writes} done but not committed; the transaction commits once the claim waits on the lock.
     */
    private Response claimWhileHolding(UUID worker, UUID job, Writes writes) throws Exception {
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (Connection consumer = dataSource.getConnection()) {
            consumer.setAutoCommit(false);
            GoldOnlyClaims.lock(consumer, worker, job);
            writes.to(consumer);
            Future<Response> raced = client.submit(() -> TaskApi.asWorker(worker)
                    .body(Map.of("jobId", job.toString(), "max", 20)).post("/api/v1/claims"));
            TestEvents.await("the claim waits on the (worker, job) lock", () -> waitingOnAnAdvisoryLock() == 1);
            consumer.commit();
            return raced.get(30, TimeUnit.SECONDS);
        } finally {
            client.shutdownNow();
        }
    }

    private long waitingOnAnAdvisoryLock() {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                        + " WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()");
                ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void examsAndTrainingAreNeverMixedIntoOtherWorkAndAnExamIsClosedToHoldersOfItsQualification() {
        Map<String, Object> body = goldOnlyBody("exam");
        body.put("priority", 1000);
        body.put("grantsQualification", "exam-test-sentiment");
        UUID exam = goldOnlyJob(body, 2);
        Map<String, Object> trainingBody = goldOnlyBody("training");
        trainingBody.put("priority", 1000);
        UUID training = goldOnlyJob(trainingBody, 2);
        Map<String, Object> labelingBody = TaskApi.jobBody(1, 0);
        labelingBody.put("priority", 999);
        UUID labeling = api.start(labelingBody, 1, 0);
        try {
            Response any = TaskApi.asWorker(UUID.randomUUID()).body(Map.of("max", 1)).post("/api/v1/claims");
            any.then().statusCode(200).body("[0].jobId", equalTo(labeling.toString()));

            UUID holder = UUID.randomUUID();
            assertThat(claim(holder, exam, 1)).hasSize(1);
            TestEvents.send(Topics.WORKER_STATUS, "worker.updated", holder.toString(),
                    Map.of("workerId", holder, "qualifications", List.of("exam-test-sentiment")));
            TestEvents.await("a holder of the qualification cannot take the exam", () -> TaskApi.asWorker(holder)
                    .body(Map.of("jobId", exam.toString())).post("/api/v1/claims").statusCode() == 403);
            assertThat(claim(holder, training, 1)).as("training stays open").hasSize(1);
        } finally {
            for (UUID job : List.of(exam, training, labeling)) {
                api.asClient().post("/api/v1/jobs/" + job + "/cancel").then().statusCode(200);
            }
        }
    }

    @Test
    void trainingServesEachQuestionOnceAndEverySubmitExplains() {
        UUID job = goldOnlyJob(goldOnlyBody("training"), 2);
        UUID worker = UUID.randomUUID();
        List<Map<String, Object>> tasks = claim(worker, job, 20);
        assertThat(tasks).hasSize(2);
        for (Map<String, Object> task : tasks) {
            String text = ((Map<?, ?>) task.get("data")).get("text").toString();
            String answer = text.endsWith("0") ? "pos" : "neg";
            String wrong = answer.equals("pos") ? "neg" : "pos";
            for (int replay = 0; replay < 2; replay++) { // a retry with the same key explains again
                TaskApi.asWorker(worker).header("Idempotency-Key", "k-" + task.get("assignmentId"))
                        .body(Map.of("label", wrong)).post("/api/v1/assignments/" + task.get("assignmentId") + "/submission")
                        .then().statusCode(201)
                        .body("feedback.correct", equalTo(false)).body("feedback.answer", equalTo(answer))
                        .body("feedback.explanation", equalTo(text + " is " + answer));
            }
        }
        assertThat(claim(worker, job, 20)).as("every question answered once").isEmpty();

        UUID other = UUID.randomUUID();
        Map<String, Object> task = claim(other, job, 1).get(0);
        String text = ((Map<?, ?>) task.get("data")).get("text").toString();
        submit(other, task.get("assignmentId"), text.endsWith("0") ? "pos" : "neg").then().statusCode(201)
                .body("feedback.correct", equalTo(true));
    }

    @Test
    void pairwiseTrainingFeedbackSpeaksOfTheSidesAsTheWorkerSawThem() {
        Map<String, Object> body = goldOnlyBody("training");
        body.put("schema", Map.of("kind", "pairwise", "allowTie", false));
        UUID job = api.createJob(body);
        api.asClient().body(List.of(Map.of("externalId", "p1", "data", Map.of("a", "Paris", "b", "Lyon"),
                "answer", "A", "explanation", "Paris is the capital")))
                .post("/api/v1/jobs/" + job + "/gold").then().statusCode(201);
        api.asClient().post("/api/v1/jobs/" + job + "/start").then().statusCode(200);
        Set<Boolean> orientations = new HashSet<>();
        for (int i = 0; i < 40 && orientations.size() < 2; i++) {
            UUID worker = UUID.randomUUID();
            Map<String, Object> task = claim(worker, job, 1).get(0);
            boolean flipped = "Lyon".equals(((Map<?, ?>) task.get("data")).get("a"));
            orientations.add(flipped);
            String capitalSide = flipped ? "B" : "A"; // where the worker sees Paris
            submit(worker, task.get("assignmentId"), capitalSide).then().statusCode(201)
                    .body("feedback.correct", equalTo(true)).body("feedback.answer", equalTo(capitalSide))
                    .body("feedback.explanation", equalTo("Paris is the capital"));
        }
        assertThat(orientations).as("both orientations were served").containsExactlyInAnyOrder(true, false);
    }

    @Test
    void goldInALabelingJobGetsNoFeedback() {
        UUID job = api.runningJob(1, 1, 3, 0.9);
        UUID worker = UUID.randomUUID();
        for (Map<String, Object> task : claim(worker, job, 4)) {
            submit(worker, task.get("assignmentId"), "neg").then().statusCode(201)
                    .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("feedback")));
        }
        api.asClient().get("/api/v1/jobs/" + job).then().body("purpose", equalTo("labeling"))
                .body("progress.goldLabels", org.hamcrest.Matchers.greaterThan(0));
    }
}
