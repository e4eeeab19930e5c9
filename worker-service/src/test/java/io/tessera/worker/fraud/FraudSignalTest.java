package io.tessera.worker.fraud;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.Topics;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.worker.TestData;
import io.tessera.worker.TestEvents;
import io.tessera.worker.ledger.SubmissionTestEvents;
import io.tessera.worker.status.WorkerStatusEvents;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Fraud signals from submission and skip events and sign-in addresses, found by a scan (run here by
 * hand: the schedule is off in tests). The test profile blocks on one-answer and only shows the rest.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class FraudSignalTest {
    @Inject
    FraudScan scan;
    @Inject
    DataSource dataSource;

    @Test
    void fastAnswersAreShownToAdminsAndTheWorkersVendorManager() {
        UUID vendor = TestData.vendor();
        UUID worker = TestData.worker(TestData.unique("hasty"), vendor);
        UUID job = UUID.randomUUID();
        List<UUID> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(submit(worker, job, i < 10 ? 200 : 5000, i % 2 == 0 ? "pos" : "neg", false));
        }
        TestEvents.awaitProcessed(dataSource, events);
        assertThat(scan.scan()).isPositive();

        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/fraud-signals", worker).then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].kind", equalTo("fast-answers"))
                .body("[0].jobId", equalTo(job.toString()))
                .body("[0].vendorId", equalTo(vendor.toString()))
                .body("[0].detail.labelKind", equalTo("categorical"))
                .body("[0].detail.floorMs", equalTo(800))
                .body("[0].detail.answers", equalTo(12))
                .body("[0].detail.fastAnswers", equalTo(10))
                .body("[0].blockId", nullValue()); // policy none: shown, not blocked
        given().auth().oauth2(TestData.managerToken(vendor)).get("/api/v1/fraud-signals").then().statusCode(200)
                .body("workerId", contains(worker.toString()));
        given().auth().oauth2(TestData.managerToken(vendor)).get("/api/v1/workers/{id}/fraud-signals", worker)
                .then().statusCode(200).body("$", hasSize(1));
        String stranger = TestData.managerToken(TestData.vendor());
        given().auth().oauth2(stranger).get("/api/v1/fraud-signals").then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(stranger).get("/api/v1/workers/{id}/fraud-signals", worker).then().statusCode(403);
        given().auth().oauth2(stranger).queryParam("workerId", worker).get("/api/v1/fraud-signals").then()
                .statusCode(403);
        given().auth().oauth2(TestJwt.admin()).queryParam("kind", "fast-answers").queryParam("workerId", worker)
                .get("/api/v1/fraud-signals").then().statusCode(200).body("$", hasSize(1));
        given().auth().oauth2(TestJwt.admin()).queryParam("kind", "typing").get("/api/v1/fraud-signals").then()
                .statusCode(400).body("errors.field", contains("kind"));
    }

    @Test
    void oneAnswerForEverythingBlocksByPolicyOnceAndIsSeenAgain() {
        UUID worker = TestData.worker(TestData.unique("mono"), null);
        UUID job = UUID.randomUUID();
        List<UUID> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(submit(worker, job, 5000, "pos", false));
        }
        events.add(submit(worker, job, 5000, "neg", true)); // gold answers do not count
        TestEvents.awaitProcessed(dataSource, events);
        scan.scan();

        String blockId = given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/fraud-signals", worker)
                .then().statusCode(200).body("kind", contains("one-answer"))
                .body("[0].detail.answers", equalTo(20))
                .body("[0].blockId", notNullValue())
                .extract().path("[0].blockId");
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/blocks/{b}", worker, blockId).then()
                .statusCode(200).body("source", equalTo("fraud")).body("scope", equalTo("job"))
                .body("jobId", equalTo(job.toString()));
        EventEnvelope blocked = TestEvents.awaitStatus(worker, WorkerStatusEvents.BLOCKED, e -> true);
        assertThat(blocked.payload().path("reason").asText()).startsWith("fraud signal: the same label for all 20");

        String firstSeen = given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/fraud-signals", worker)
                .then().extract().path("[0].lastSeenAt");
        TestEvents.awaitProcessed(dataSource, List.of(submit(worker, job, 5000, "pos", false)));
        scan.scan();
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/fraud-signals", worker).then()
                .body("$", hasSize(1)).body("[0].detail.answers", equalTo(21))
                .body("[0].lastSeenAt", org.hamcrest.Matchers.not(equalTo(firstSeen)));
        assertThat(count("SELECT count(*) FROM worker_block WHERE source = 'fraud' AND worker_id = '" + worker + "'"))
                .isEqualTo(1);
    }

    /**
     * One-answer looks at the worker's latest {@code recent-answers} answers in the job (30 in tests), not all of
     * the window: a worker who turns to one label for everything is found although earlier answers differed.
     */
    @Test
    void aWorkerWhoTurnsToOneAnswerIsFoundByTheirLatestAnswers() {
        UUID worker = TestData.worker(TestData.unique("turned"), null);
        UUID job = UUID.randomUUID();
        Instant start = Instant.now().minusSeconds(3600);
        List<UUID> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String label = i < 10 ? (i % 2 == 0 ? "neg" : "maybe") : "pos"; // careful at first, then always "pos"
            events.add(submit(worker, job, 5000, label, false, start.plusSeconds(60L * i)));
        }
        TestEvents.awaitProcessed(dataSource, events);
        scan.scan();
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/fraud-signals", worker).then()
                .statusCode(200).body("kind", contains("one-answer"))
                .body("[0].detail.answers", equalTo(30)); // the latest 30 of 40
    }

    @Test
    void anHonestWorkerRaisesNothing() {
        UUID worker = TestData.worker(TestData.unique("fair"), null);
        UUID job = UUID.randomUUID();
        List<UUID> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(submit(worker, job, 3000 + i * 10, i % 3 == 0 ? "neg" : "pos", false));
        }
        events.add(release(worker, job));
        TestEvents.awaitProcessed(dataSource, events);
        scan.scan();
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/fraud-signals", worker).then()
                .statusCode(200).body("$", hasSize(0));
    }

    @Test
    void aLongSkipStreakSinceTheLastSubmissionIsASignal() {
        UUID skipper = TestData.worker(TestData.unique("skip"), null);
        UUID almost = TestData.worker(TestData.unique("nearly"), null);
        UUID job = UUID.randomUUID();
        List<UUID> events = new ArrayList<>();
        events.add(submit(skipper, job, 4000, "pos", false, Instant.now().minusSeconds(60)));
        events.add(submit(almost, job, 4000, "pos", false, Instant.now().minusSeconds(60)));
        for (int i = 0; i < 25; i++) {
            events.add(release(skipper, job));
            if (i > 0) {
                events.add(release(almost, job)); // 24: one short
            }
        }
        TestEvents.awaitProcessed(dataSource, events);
        scan.scan();
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/fraud-signals", skipper).then()
                .body("kind", contains("skip-streak")).body("[0].detail.skips", equalTo(25))
                .body("[0].jobId", nullValue());
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/fraud-signals", almost).then()
                .body("$", hasSize(0));
    }

    @Test
    void manyRemoteAccountsFromOneAddressAreASignalFloorWorkersAreNot() {
        String address = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
        List<UUID> remote = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String username = TestData.unique("sock");
            remote.add(TestData.worker(username, null));
            signIn(username, address);
        }
        String floorName = TestData.unique("floor");
        UUID floor = TestData.worker(floorName, TestData.vendor());
        signIn(floorName, address);
        String loner = TestData.unique("loner");
        UUID alone = TestData.worker(loner, null);
        signIn(loner, "192.0.2.77");
        scan.scan();

        for (UUID w : remote) {
            given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/fraud-signals", w).then()
                    .body("kind", contains("shared-address"))
                    .body("[0].detail.address", equalTo(address))
                    .body("[0].detail.accounts", hasSize(3))
                    .body("[0].detail.accounts", everyItem(org.hamcrest.Matchers.in(
                            remote.stream().map(UUID::toString).toList())));
        }
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/fraud-signals", floor).then().body("$", hasSize(0));
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/fraud-signals", alone).then().body("$", hasSize(0));
    }

    private static void signIn(String username, String address) {
        given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
                .body(Map.of("username", username, "password", TestData.PASSWORD))
                .post("/api/v1/auth/token").then().statusCode(200);
    }

    private static UUID submit(UUID worker, UUID job, long durationMs, String label, boolean gold) {
        return submit(worker, job, durationMs, label, gold, Instant.now());
    }

    private static UUID submit(UUID worker, UUID job, long durationMs, String label, boolean gold, Instant at) {
        Map<String, Object> p = SubmissionTestEvents.payload(SubmissionTestEvents.nextId(), worker, job, UUID.randomUUID(),
                0, at);
        p.put("durationMs", durationMs);
        p.put("label", label);
        p.put("gold", gold);
        return TestEvents.send(Topics.SUBMISSIONS, "submission.created", p.get("itemId").toString(), p);
    }

    private static UUID release(UUID worker, UUID job) {
        return TestEvents.send(Topics.SUBMISSIONS, "assignment.released", Long.toString(SubmissionTestEvents.nextId()),
                Map.of("assignmentId", UUID.randomUUID().toString(), "jobId", job.toString(),
                        "itemId", SubmissionTestEvents.nextId(), "workerId", worker.toString(), "gold", false,
                        "releasedAt", Instant.now().toString()));
    }

    private long count(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql);
                ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
