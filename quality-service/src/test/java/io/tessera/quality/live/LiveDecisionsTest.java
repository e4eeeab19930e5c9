package io.tessera.quality.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.KafkaSettings;
import io.tessera.common.event.Topics;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Submissions in over the real broker, decisions and scores out, and the report over REST. */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_quality_test"))
class LiveDecisionsTest {
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() / 1000);
    @Inject
    KafkaSettings kafka;
    @Inject
    ObjectMapper json;
    @Inject
    javax.sql.DataSource dataSource;
    @Inject
    SkillRefresh refresh;
    @Inject
    LiveDecisions live;

    private final UUID org = UUID.randomUUID();
    private final UUID job = UUID.randomUUID();
    private Map<String, Object> policy = Map.of();
    private Map<String, Object> schema = Map.of("kind", "categorical", "labels", List.of("pos", "neg"));
    private KafkaProducer<String, String> producer;
    private EventTail decisions;
    private EventTail scores;

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(kafka.producerConfig());
        decisions = new EventTail(kafka, json, Topics.TASK_DECISIONS);
        scores = new EventTail(kafka, json, Topics.WORKER_SCORES);
    }

    @AfterEach
    void close() {
        producer.close();
        decisions.close();
        scores.close();
    }

    @Test
    void kLabelsWithAMajorityResolveTheItem() throws Exception {
        long item = IDS.incrementAndGet();
        submit(item, UUID.randomUUID(), "pos", 3, 5);
        submit(item, UUID.randomUUID(), "neg", 3, 5);
        submit(item, UUID.randomUUID(), "pos", 3, 5);
        EventEnvelope decision = decisions.next(e -> e.key().equals(Long.toString(item)));
        assertThat(decision.type()).isEqualTo("item.resolved");
        assertThat(decision.payload().path("label").asText()).isEqualTo("pos");
        // No confidence target: majority vote, confidence = the winning share.
        assertThat(decision.payload().path("confidence").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(decision.payload().path("labels").asInt()).isEqualTo(3);
    }

    @Test
    void aTieAsksForOneMoreLabelUpToMaxOverlap() throws Exception {
        long item = IDS.incrementAndGet();
        submit(item, UUID.randomUUID(), "pos", 2, 3);
        submit(item, UUID.randomUUID(), "neg", 2, 3);
        EventEnvelope extended = decisions.next(e -> e.key().equals(Long.toString(item)));
        assertThat(extended.type()).isEqualTo("item.extended");
        assertThat(extended.payload().path("requiredLabels").asInt()).isEqualTo(3);
        submit(item, UUID.randomUUID(), "neg", 3, 3);
        EventEnvelope resolved = decisions.next(e -> e.key().equals(Long.toString(item)));
        assertThat(resolved.type()).isEqualTo("item.resolved");
        assertThat(resolved.payload().path("label").asText()).isEqualTo("neg");

        long atMax = IDS.incrementAndGet();
        submit(atMax, UUID.randomUUID(), "pos", 2, 2);
        submit(atMax, UUID.randomUUID(), "neg", 2, 2);
        EventEnvelope forced = decisions.next(e -> e.key().equals(Long.toString(atMax)));
        assertThat(forced.type()).as("no more labels allowed: resolve the tie").isEqualTo("item.resolved");
        assertThat(forced.payload().path("confidence").asDouble()).isEqualTo(0.5);
    }

    @Test
    void goldAnswersScoreTheWorkerAtOnce() throws Exception {
        UUID worker = UUID.randomUUID();
        submitGold(IDS.incrementAndGet(), worker, "pos", "pos");
        EventEnvelope first = scores.next(e -> e.key().equals(worker.toString()));
        assertThat(first.payload().path("correct").asBoolean()).isTrue();
        assertThat(first.payload().path("jobGoldAccuracy").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
        submitGold(IDS.incrementAndGet(), worker, "neg", "pos");
        EventEnvelope second = scores.next(e -> e.key().equals(worker.toString()));
        assertThat(second.payload().path("correct").asBoolean()).isFalse();
        assertThat(second.payload().path("jobGoldSeen").asInt()).isEqualTo(2);
        assertThat(second.payload().path("explanation").asText()).isEqualTo("because");

        given().auth().oauth2(TestJwt.client(org)).get("/api/v1/jobs/" + job + "/quality").then().statusCode(200)
                .body("goldLabels", equalTo(2)).body("workers[0].goldSeen", equalTo(2))
                .body("workers[0].goldCorrect", equalTo(1)).body("workers[0].goldAccuracy", equalTo(0.5f));
        given().auth().oauth2(TestJwt.worker(worker)).get("/api/v1/workers/" + worker + "/scores").then()
                .statusCode(200).body("goldSeen", equalTo(2)).body("jobs[0].jobId", equalTo(job.toString()));
        given().auth().oauth2(TestJwt.worker(UUID.randomUUID())).get("/api/v1/workers/" + worker + "/scores")
                .then().statusCode(403);
    }

    @Test
    void aRedeliveredOrRepublishedSubmissionCountsOnce() throws Exception {
        long item = IDS.incrementAndGet();
        long submission = IDS.incrementAndGet();
        UUID worker = UUID.randomUUID();
        Map<String, Object> payload = payload(submission, item, worker, "pos", false, null, 2, 3);
        UUID eventId = UUID.randomUUID();
        send(eventId, payload);
        send(eventId, payload);            // Kafka redelivery: same event id
        send(UUID.randomUUID(), payload);  // the outbox relay published it twice: same submission id
        submit(item, UUID.randomUUID(), "pos", 2, 3);
        EventEnvelope decision = decisions.next(e -> e.key().equals(Long.toString(item)));
        assertThat(decision.type()).isEqualTo("item.resolved");
        assertThat(decision.payload().path("labels").asInt()).as("three copies of one label count once").isEqualTo(2);
    }

    @Test
    void reportsAreForTheOwningOrganisationOnly() throws Exception {
        long item = IDS.incrementAndGet();
        submit(item, UUID.randomUUID(), "pos", 1, 1);
        decisions.next(e -> e.key().equals(Long.toString(item)));
        given().auth().oauth2(TestJwt.client(org)).get("/api/v1/jobs/" + job + "/quality").then().statusCode(200)
                .body("resolvedItems", equalTo(1));
        given().auth().oauth2(TestJwt.client(UUID.randomUUID())).get("/api/v1/jobs/" + job + "/quality").then()
                .statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/jobs/" + job + "/quality").then().statusCode(401);
        given().auth().oauth2(TestJwt.worker(UUID.randomUUID())).get("/api/v1/jobs/" + job + "/quality").then()
                .statusCode(403);
    }

    @Test
    void aConfidenceTargetAsksForLabelsUntilThePosteriorReachesIt() throws Exception {
        policy = Map.of("confidenceTarget", 0.9);
        long item = IDS.incrementAndGet();
        submit(item, UUID.randomUUID(), "pos", 2, 4);
        submit(item, UUID.randomUUID(), "pos", 2, 4);
        EventEnvelope more = decisions.next(e -> e.key().equals(Long.toString(item)));
        assertThat(more.type()).as("two agreeing unknown workers give 0.845").isEqualTo("item.extended");
        submit(item, UUID.randomUUID(), "pos", 3, 4);
        EventEnvelope resolved = decisions.next(e -> e.key().equals(Long.toString(item)));
        assertThat(resolved.type()).isEqualTo("item.resolved");
        assertThat(resolved.payload().path("confidence").asDouble()).isCloseTo(0.343 / 0.37, within(1e-9));
    }

    @Test
    void aSpammerIsJudgedOnGoldAndTheirLabelsAreCollectedAgain() throws Exception {
        policy = Map.of("minGoldAccuracy", 0.6, "minGoldAnswers", 3);
        UUID spammer = UUID.randomUUID();
        long item = IDS.incrementAndGet();
        submit(item, UUID.randomUUID(), "pos", 3, 3);
        submit(item, spammer, "neg", 3, 3);
        submit(item, UUID.randomUUID(), "pos", 3, 3);
        assertThat(decisions.next(e -> e.key().equals(Long.toString(item))).type()).isEqualTo("item.resolved");
        for (int i = 0; i < 3; i++) {
            submitGold(IDS.incrementAndGet(), spammer, "neg", "pos");
        }
        EventEnvelope verdict = scores.next(e -> e.type().equals("worker.verdict"));
        assertThat(verdict.key()).isEqualTo(spammer.toString());
        assertThat(verdict.payload().path("scope").asText()).isEqualTo("job");
        assertThat(verdict.payload().path("reason").asText()).contains("gold accuracy 0.00 after 3 gold answers");
        assertThat(verdict.payload().path("evidence").path("goldSeen").asInt()).isEqualTo(3);
        assertThat(verdict.payload().path("rejectLabels").asBoolean()).isTrue();
        EventEnvelope reopened = decisions.next(e -> e.key().equals(Long.toString(item)));
        assertThat(reopened.type()).isEqualTo("item.reopened");
        assertThat(reopened.payload().path("requiredLabels").asInt()).as("k = 3 plus the rejected one").isEqualTo(4);

        submit(item, UUID.randomUUID(), "pos", 4, 3);
        EventEnvelope again = decisions.next(e -> e.key().equals(Long.toString(item)));
        assertThat(again.type()).isEqualTo("item.resolved");
        assertThat(again.payload().path("labels").asInt()).as("three counted labels, the spammer's not among them")
                .isEqualTo(3);
        given().auth().oauth2(TestJwt.client(org)).get("/api/v1/jobs/" + job + "/quality").then().statusCode(200)
                .body("workers.find { it.workerId == '" + spammer + "' }.verdict.reason",
                        containsString("gold accuracy"));
    }

    @Test
    void aLongSkipStreakIsAVerdictToo() throws Exception {
        policy = Map.of("maxSkipStreak", 3);
        UUID skipper = UUID.randomUUID();
        submit(IDS.incrementAndGet(), skipper, "pos", 3, 3); // makes the job and its policy known
        for (int i = 0; i < 3; i++) {
            long item = IDS.incrementAndGet();
            String key = Long.toString(item);
            EventEnvelope e = new EventEnvelope(UUID.randomUUID(), "assignment.released", key, Instant.now(), 1,
                    json.valueToTree(Map.of("assignmentId", UUID.randomUUID(), "jobId", job, "itemId", item,
                            "workerId", skipper, "gold", false, "releasedAt", Instant.now())));
            producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, key, json.writeValueAsString(e))).get();
        }
        EventEnvelope verdict = scores.next(e -> e.type().equals("worker.verdict"));
        assertThat(verdict.payload().path("workerId").asText()).isEqualTo(skipper.toString());
        assertThat(verdict.payload().path("reason").asText()).isEqualTo("skipped 3 tasks in a row");
    }

    @Test
    void aRuleBrokenByTwoConcurrentTransactionsIsStillFound() throws Exception {
        // The submission's transaction stays open while another consumer thread commits the worker's
        // three skips: neither transaction sees the other's writes, so only a check after both commits
        // finds the streak. Applied directly (not over Kafka) to force that interleaving.
        policy = Map.of("maxSkipStreak", 3);
        UUID skipper = UUID.randomUUID();
        long first = IDS.incrementAndGet();
        QuarkusTransaction.begin();
        live.apply(List.of(envelope("submission.created", first,
                payload(IDS.incrementAndGet(), first, skipper, "pos", false, null, 3, 3))));
        skipThreeTimesOnAnotherThread(skipper); // its check: the job is not committed yet, nothing to judge by there
        QuarkusTransaction.commit();
        live.judgeTouched();
        try (var c = dataSource.getConnection(); var q = c.prepareStatement(
                "SELECT reason FROM verdict WHERE job_id = ? AND worker_id = ?")) {
            q.setObject(1, job);
            q.setObject(2, skipper);
            try (var rs = q.executeQuery()) {
                assertThat(rs.next()).as("a verdict for the skip streak").isTrue();
                assertThat(rs.getString(1)).isEqualTo("skipped 3 tasks in a row");
            }
        }
    }

    @Test
    void aLabelThatCommitsAfterTheVerdictIsRejectedToo() throws Exception {
        // The verdict is issued on another consumer thread while this label's transaction is open: the
        // label reads no verdict and the verdict's rejection cannot see the label. The check after the
        // label's commit finds the verdict and rejects it then.
        policy = Map.of("maxSkipStreak", 3);
        UUID skipper = UUID.randomUUID();
        long first = IDS.incrementAndGet();
        QuarkusTransaction.requiringNew().run(() -> applyQuietly(envelope("submission.created", first,
                payload(IDS.incrementAndGet(), first, skipper, "pos", false, null, 3, 3))));
        live.judgeTouched(); // no streak yet
        long late = IDS.incrementAndGet();
        QuarkusTransaction.begin();
        live.apply(List.of(envelope("submission.created", late,
                payload(IDS.incrementAndGet(), late, skipper, "pos", false, null, 3, 3))));
        skipThreeTimesOnAnotherThread(skipper); // the verdict: rejects the first label, cannot see the open one
        QuarkusTransaction.commit();
        live.judgeTouched();
        try (var c = dataSource.getConnection(); var q = c.prepareStatement(
                "SELECT count(*), count(*) FILTER (WHERE rejected) FROM label WHERE job_id = ? AND worker_id = ? AND NOT gold")) {
            q.setObject(1, job);
            q.setObject(2, skipper);
            try (var rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
                assertThat(rs.getInt(2)).as("both labels rejected, the late one too").isEqualTo(2);
            }
        }
    }

    /**
     * Another consumer thread: three skips of {@code worker} in a transaction of their own, committed, then that
     * thread's check after its commit, while the caller's transaction stays open.
     */
    private void skipThreeTimesOnAnotherThread(UUID worker) throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            other.submit(() -> {
                QuarkusTransaction.requiringNew().run(() -> {
                    for (int i = 0; i < 3; i++) {
                        long item = IDS.incrementAndGet();
                        applyQuietly(envelope("assignment.released", item, Map.of("assignmentId", UUID.randomUUID(),
                                "jobId", job, "itemId", item, "workerId", worker, "gold", false,
                                "releasedAt", Instant.now())));
                    }
                });
                live.judgeTouched();
            }).get();
        } finally {
            other.shutdown();
        }
    }

    private void applyQuietly(EventEnvelope event) {
        try {
            live.apply(List.of(event));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private EventEnvelope envelope(String type, long item, Map<String, Object> payload) {
        return new EventEnvelope(UUID.randomUUID(), type, Long.toString(item), Instant.now(), 1, json.valueToTree(payload));
    }

    @Test
    void aBatchMergeRunsOverTheWholeJobAndCanPublishImprovedLabels() throws Exception {
        UUID expert = UUID.randomUUID();
        for (int i = 0; i < 4; i++) {
            submitGold(IDS.incrementAndGet(), expert, "pos", "pos");
        }
        long item = IDS.incrementAndGet();
        submit(item, expert, "pos", 3, 3);
        submit(item, UUID.randomUUID(), "neg", 3, 3);
        submit(item, UUID.randomUUID(), "neg", 3, 3);
        assertThat(decisions.next(e -> e.key().equals(Long.toString(item))).type()).isEqualTo("item.resolved");

        given().auth().oauth2(TestJwt.client(org)).contentType("application/json").body(Map.of("algorithm", "nope"))
                .post("/api/v1/jobs/" + job + "/aggregations").then().statusCode(400)
                .body("errors[0].field", equalTo("algorithm"));
        given().auth().oauth2(TestJwt.client(UUID.randomUUID())).contentType("application/json").body(Map.of())
                .post("/api/v1/jobs/" + job + "/aggregations").then().statusCode(404);
        given().auth().oauth2(TestJwt.client(org)).contentType("application/json")
                .body(Map.of("algorithm", "ds", "publish", true))
                .post("/api/v1/jobs/" + job + "/aggregations").then().statusCode(201)
                .body("algorithm", equalTo("ds")).body("items", equalTo(1))
                .body("labels[0].itemId", equalTo(item)).body("workers.size()", equalTo(3));
        EventEnvelope republished = decisions.next(e -> e.key().equals(Long.toString(item)));
        assertThat(republished.type()).isEqualTo("item.resolved");
        assertThat(republished.payload().path("labels").asInt()).isEqualTo(3);
    }

    @Test
    void aCompletedJobIsReMergedWithItsBatchAlgorithmOnceAndTheBatchLabelsArePublished() throws Exception {
        policy = Map.of("batchAlgorithm", "ds");
        UUID expert = UUID.randomUUID();
        UUID w1 = UUID.randomUUID();
        UUID w2 = UUID.randomUUID();
        // On gold, w1 and w2 say "neg" where the answer is "pos"; the expert is right.
        for (int i = 0; i < 4; i++) {
            long gold = IDS.incrementAndGet();
            submitGold(gold, expert, "pos", "pos");
            submitGold(gold, w1, "neg", "pos");
            submitGold(gold, w2, "neg", "pos");
        }
        long item = IDS.incrementAndGet();
        submit(item, expert, "pos", 3, 3);
        submit(item, w1, "neg", 3, 3);
        submit(item, w2, "neg", 3, 3);
        EventEnvelope live = decisions.next(e -> e.key().equals(Long.toString(item)));
        assertThat(live.payload().path("label").asText()).as("majority vote").isEqualTo("neg");
        assertThat(live.payload().path("mergedBy").asText()).isEqualTo("live");

        UUID eventId = UUID.randomUUID();
        EventEnvelope completed = new EventEnvelope(eventId, "job.completed", job.toString(), Instant.now(), 1,
                json.valueToTree(Map.of("jobId", job, "orgId", org, "completedAt", Instant.now())));
        producer.send(new ProducerRecord<>(Topics.JOBS, job.toString(), json.writeValueAsString(completed))).get();
        producer.send(new ProducerRecord<>(Topics.JOBS, job.toString(), json.writeValueAsString(completed))).get();
        EventEnvelope batch = decisions.next(e -> e.key().equals(Long.toString(item)));
        assertThat(batch.type()).isEqualTo("item.resolved");
        assertThat(batch.payload().path("mergedBy").asText()).isEqualTo("ds");
        assertThat(batch.payload().path("label").asText()).as("Dawid-Skene learned from gold that w1 and w2 say neg for pos")
                .isEqualTo("pos");
        assertThat(batch.payload().path("labels").asInt()).isEqualTo(3);

        Thread.sleep(2000); // the redelivered event had its chance
        try (var c = dataSource.getConnection();
                var q = c.prepareStatement("SELECT count(*), min(algorithm) FROM aggregation_run WHERE job_id = ?")) {
            q.setObject(1, job);
            try (var rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("one run for one event, delivered twice").isEqualTo(1);
                assertThat(rs.getString(2)).isEqualTo("ds");
            }
        }
        given().auth().oauth2(TestJwt.client(org)).get("/api/v1/jobs/" + job + "/quality").then().statusCode(200)
                .body("model.algorithm", equalTo("ds"));
    }

    @Test
    void agreementWithResolvedItemsIsRefreshedIntoTheWorkersModel() throws Exception {
        policy = Map.of("confidenceTarget", 0.9);
        UUID steady = UUID.randomUUID();
        // The worker labeled 20 items that were resolved to their label (and one that was not).
        long first = IDS.incrementAndGet();
        submit(first, steady, "pos", 1, 1); // makes the job known, and resolves live
        decisions.next(e -> e.key().equals(Long.toString(first)));
        try (var c = dataSource.getConnection()) {
            for (int i = 0; i < 21; i++) {
                long item = IDS.incrementAndGet();
                try (var q = c.prepareStatement("""
                        INSERT INTO label (submission_id, job_id, item_id, worker_id, label, gold, submitted_at)
                        VALUES (?, ?, ?, ?, '"pos"'::jsonb, false, now())""")) {
                    q.setLong(1, IDS.incrementAndGet());
                    q.setObject(2, job);
                    q.setLong(3, item);
                    q.setObject(4, steady);
                    q.executeUpdate();
                }
                try (var q = c.prepareStatement("""
                        INSERT INTO item_decision (item_id, job_id, state, label, confidence, labels, required_labels, decided_at)
                        VALUES (?, ?, 'resolved', ?::jsonb, 1, 3, 3, now())""")) {
                    q.setLong(1, item);
                    q.setObject(2, job);
                    q.setString(3, i < 20 ? "\"pos\"" : "\"neg\"");
                    q.executeUpdate();
                }
            }
        }
        assertThat(refresh.refresh()).isPositive();
        try (var c = dataSource.getConnection(); var q = c.prepareStatement(
                "SELECT compared, agreed FROM worker_job_agreement WHERE job_id = ? AND worker_id = ?")) {
            q.setObject(1, job);
            q.setObject(2, steady);
            try (var rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("the first item resolved live too").isEqualTo(22);
                assertThat(rs.getInt(2)).isEqualTo(21);
            }
        }
        assertThat(refresh.refresh()).as("nothing decided since: no recount").isZero();

        // Two agreeing workers at the prior 0.7 give 0.845 < 0.9 (see above); with the steady worker's
        // (21 + 3.5) / (22 + 5) = 0.907 the posterior is 0.907·0.7 / (0.907·0.7 + 0.093·0.3) = 0.958.
        long item = IDS.incrementAndGet();
        submit(item, steady, "pos", 2, 4);
        submit(item, UUID.randomUUID(), "pos", 2, 4);
        EventEnvelope decision = decisions.next(e -> e.key().equals(Long.toString(item)));
        assertThat(decision.type()).isEqualTo("item.resolved");
        double a = 24.5 / 27;
        assertThat(decision.payload().path("confidence").asDouble()).isCloseTo(a * 0.7 / (a * 0.7 + (1 - a) * 0.3),
                within(1e-9));
    }

    @Test
    void ratingsAndBoxesResolveLiveOnTheirKindsAgreement() throws Exception {
        schema = Map.of("kind", "rating", "min", 1, "max", 5, "step", 1, "scale", "ordinal");
        long rated = IDS.incrementAndGet();
        submit(rated, UUID.randomUUID(), 4, 3, 5);
        submit(rated, UUID.randomUUID(), 5, 3, 5);
        submit(rated, UUID.randomUUID(), 4, 3, 5);
        EventEnvelope r = decisions.next(e -> e.key().equals(Long.toString(rated)));
        assertThat(r.type()).isEqualTo("item.resolved");
        assertThat(r.payload().path("label").asInt()).isEqualTo(4);
        assertThat(r.payload().path("confidence").asDouble()).isCloseTo(2.0 / 3, within(1e-9));

        long spread = IDS.incrementAndGet();
        submit(spread, UUID.randomUUID(), 1, 3, 5);
        submit(spread, UUID.randomUUID(), 3, 3, 5);
        submit(spread, UUID.randomUUID(), 5, 3, 5);
        EventEnvelope more = decisions.next(e -> e.key().equals(Long.toString(spread)));
        assertThat(more.type()).as("1, 3, 5: no majority near the median").isEqualTo("item.extended");
        assertThat(more.payload().path("requiredLabels").asInt()).isEqualTo(4);

        schema = Map.of("kind", "bounding-boxes", "labels", List.of("sofa"));
        long image = IDS.incrementAndGet();
        Map<String, Object> sofa = Map.of("label", "sofa", "x", 10, "y", 10, "w", 100, "h", 50);
        submit(image, UUID.randomUUID(), List.of(sofa), 2, 3);
        submit(image, UUID.randomUUID(), List.of(), 2, 3);
        EventEnvelope split = decisions.next(e -> e.key().equals(Long.toString(image)));
        assertThat(split.type()).as("a box and 'nothing here'").isEqualTo("item.extended");
        submit(image, UUID.randomUUID(), List.of(sofa), 3, 3);
        EventEnvelope boxed = decisions.next(e -> e.key().equals(Long.toString(image)));
        assertThat(boxed.type()).isEqualTo("item.resolved");
        assertThat(boxed.payload().path("label")).hasSize(1);
        assertThat(boxed.payload().path("label").get(0).path("w").asDouble()).isEqualTo(100.0);
    }

    private void submit(long item, UUID worker, Object label, int required, int maxOverlap) throws Exception {
        send(UUID.randomUUID(), payload(IDS.incrementAndGet(), item, worker, label, false, null, required, maxOverlap));
    }

    private void submitGold(long item, UUID worker, String label, String answer) throws Exception {
        send(UUID.randomUUID(), payload(IDS.incrementAndGet(), item, worker, label, true, answer, 1, 1));
    }

    private Map<String, Object> payload(long submission, long item, UUID worker, Object label, boolean gold,
            String answer, int required, int maxOverlap) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("submissionId", submission);
        p.put("assignmentId", UUID.randomUUID());
        p.put("jobId", job);
        p.put("orgId", org);
        p.put("itemId", item);
        p.put("workerId", worker);
        p.put("label", label);
        p.put("durationMs", 1500);
        p.put("gold", gold);
        p.put("goldAnswer", answer);
        p.put("explanation", gold ? "because" : null);
        p.put("requiredLabels", required);
        p.put("maxOverlap", maxOverlap);
        p.put("schema", schema);
        p.put("quality", policy);
        p.put("submittedAt", Instant.now());
        return p;
    }

    private void send(UUID eventId, Map<String, Object> payload) throws Exception {
        String key = payload.get("itemId").toString();
        EventEnvelope e = new EventEnvelope(eventId, "submission.created", key, Instant.now(), 1, json.valueToTree(payload));
        producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, key, json.writeValueAsString(e))).get();
    }
}
