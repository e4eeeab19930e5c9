package io.tessera.worker.ledger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.tessera.common.event.Topics;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.worker.TestData;
import io.tessera.worker.TestEvents;
import io.tessera.worker.block.VerdictTestEvents;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Rewards from submission.created, reversals from verdicts, bonuses, adjustments, and who may see what. */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class LedgerTest {
    @Inject
    DataSource dataSource;

    @Test
    void eachSubmissionIsPaidOnceWhateverTheRedelivery() {
        UUID worker = TestData.worker(TestData.unique("abe"), null);
        UUID job = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        long first = SubmissionTestEvents.nextId();
        Map<String, Object> payload = SubmissionTestEvents.payload(first, worker, job, org, 125, Instant.now());
        UUID event = UUID.randomUUID();
        String key = payload.get("itemId").toString();
        TestEvents.send(Topics.SUBMISSIONS, event, "submission.created", key, Instant.now(), payload);
        TestEvents.send(Topics.SUBMISSIONS, event, "submission.created", key, Instant.now(), payload); // redelivered
        UUID again = TestEvents.send(Topics.SUBMISSIONS, "submission.created", key, payload); // republished, new id
        UUID second = SubmissionTestEvents.submit(worker, job, org, 75);
        UUID unpaid = SubmissionTestEvents.submit(worker, job, org, 0); // a job without reward books nothing
        awaitProcessed(event, again, second, unpaid);

        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/earnings", worker).then().statusCode(200)
                .body("balanceCents", equalTo(200))
                .body("rewardsCents", equalTo(200))
                .body("reversalsCents", equalTo(0))
                .body("entries", equalTo(2));
        given().auth().oauth2(TestJwt.worker(worker)).get("/api/v1/workers/me/earnings/entries").then().statusCode(200)
                .body("kind", contains("reward", "reward"))
                // the two submissions sit on different partitions, booked by two consumer threads in either order
                .body("amountCents", containsInAnyOrder(75, 125))
                .body("find { it.amountCents == 125 }.submissionId", equalTo(first))
                .body("find { it.amountCents == 125 }.jobId", equalTo(job.toString()))
                .body("find { it.amountCents == 125 }.orgId", equalTo(org.toString()));
    }

    @Test
    void aVerdictThatRejectsLabelsTakesBackThatJobsRewardsAndOnlyThose() {
        UUID vendor = TestData.vendor();
        UUID worker = TestData.worker(TestData.unique("bo"), vendor);
        UUID org = UUID.randomUUID();
        UUID spamJob = UUID.randomUUID();
        UUID otherJob = UUID.randomUUID();
        Instant start = Instant.now().minus(Duration.ofMinutes(10));
        awaitProcessed(
                SubmissionTestEvents.submit(SubmissionTestEvents.nextId(), worker, spamJob, org, 10, start),
                SubmissionTestEvents.submit(SubmissionTestEvents.nextId(), worker, spamJob, org, 10, start.plusSeconds(1)),
                SubmissionTestEvents.submit(SubmissionTestEvents.nextId(), worker, spamJob, org, 10, start.plusSeconds(2)),
                SubmissionTestEvents.submit(SubmissionTestEvents.nextId(), worker, otherJob, org, 40, start.plusSeconds(3)));

        UUID verdict = UUID.randomUUID();
        Map<String, Object> v = VerdictTestEvents.payload(verdict, worker, spamJob, org, "job", true);
        Instant decidedAt = Instant.parse((String) v.get("decidedAt"));
        UUID verdictEvent = TestEvents.send(Topics.WORKER_SCORES, "worker.verdict", worker.toString(), v);
        UUID verdictAgain = TestEvents.send(Topics.WORKER_SCORES, "worker.verdict", worker.toString(), v);
        awaitProcessed(verdictEvent, verdictAgain);
        // a submission made before the verdict but consumed after it is not paid, nor one made after it
        // (quality-service stores a judged worker's later labels in the job as rejected)
        awaitProcessed(
                SubmissionTestEvents.submit(SubmissionTestEvents.nextId(), worker, spamJob, org, 10, decidedAt.minusSeconds(1)),
                SubmissionTestEvents.submit(SubmissionTestEvents.nextId(), worker, spamJob, org, 10, decidedAt.plusSeconds(60)));

        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/earnings", worker).then().statusCode(200)
                .body("rewardsCents", equalTo(90))
                .body("reversalsCents", equalTo(-50))
                .body("balanceCents", equalTo(40));
        JsonPath entries = given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/earnings/entries", worker)
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> reversals = entries.<Map<String, Object>>getList("")
                .stream().filter(e -> "reversal".equals(e.get("kind"))).toList();
        assertThat(reversals).hasSize(5);
        assertThat(reversals).allSatisfy(e -> {
            assertThat(e.get("jobId")).isEqualTo(spamJob.toString());
            assertThat(e.get("amountCents")).isEqualTo(-10);
            assertThat(e.get("reverses")).isNotNull();
            assertThat(e.get("vendorId")).isEqualTo(vendor.toString());
        });
        assertThat(reversals.stream().filter(e -> verdict.toString().equals(e.get("verdictId")))).hasSize(3);
    }

    @Test
    void aClientGivesBonusesForWorkInItsOwnJobsOnly() {
        UUID org = TestData.org();
        UUID otherOrg = TestData.org();
        UUID job = UUID.randomUUID();
        UUID worker = TestData.worker(TestData.unique("cy"), null);
        UUID idle = TestData.worker(TestData.unique("di"), null);
        awaitProcessed(SubmissionTestEvents.submit(worker, job, org, 30));
        String client = TestJwt.client(org);

        Response bonus = bonus(client, worker, job, 250, "great boxes", "bonus-1");
        bonus.then().statusCode(201)
                .body("kind", equalTo("bonus"))
                .body("amountCents", equalTo(250))
                .body("jobId", equalTo(job.toString()))
                .body("orgId", equalTo(org.toString()))
                .body("reason", equalTo("great boxes"));
        assertThat(bonus.header("Idempotent-Replayed")).isNull();
        given().auth().oauth2(TestJwt.admin()).get(bonus.header("Location")).then().statusCode(200)
                .body("id", equalTo(bonus.<Integer>path("id")));
        // a retry with the same key books nothing new; the same key for another amount is a 409
        Response replay = bonus(client, worker, job, 250, "great boxes", "bonus-1");
        replay.then().statusCode(201).body("id", equalTo(bonus.<Integer>path("id")));
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        bonus(client, worker, job, 999, "x", "bonus-1").then().statusCode(409);

        bonus(TestJwt.client(otherOrg), worker, job, 100, "x", null).then().statusCode(404); // not its job
        bonus(client, worker, UUID.randomUUID(), 100, "x", null).then().statusCode(404); // unknown job
        bonus(client, idle, job, 100, "x", null).then().statusCode(403); // no work in the job
        bonus(client, UUID.randomUUID(), job, 100, "x", null).then().statusCode(404);
        bonus(client, worker, job, 0, "x", null).then().statusCode(400);
        bonus(client, worker, job, 1_000_001, "x", null).then().statusCode(400);

        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/earnings", worker).then()
                .body("bonusesCents", equalTo(250)).body("balanceCents", equalTo(280));
    }

    @Test
    void anAdminAdjustsEitherWayWithAReason() {
        UUID worker = TestData.worker(TestData.unique("ed"), null);
        adjust(TestJwt.admin(), worker, Map.of("amountCents", -120, "reason", "duplicate payout in October"))
                .then().statusCode(201).body("kind", equalTo("adjustment")).body("amountCents", equalTo(-120))
                .body("jobId", nullValue());
        adjust(TestJwt.admin(), worker, Map.of("amountCents", 500, "reason", "late fee")).then().statusCode(201);
        adjust(TestJwt.admin(), worker, Map.of("amountCents", 0, "reason", "x")).then().statusCode(400)
                .body("errors.field", contains("amountCents"));
        adjust(TestJwt.admin(), worker, Map.of("amountCents", 5)).then().statusCode(400)
                .body("errors.field", contains("reason"));
        adjust(TestJwt.admin(), UUID.randomUUID(), Map.of("amountCents", 5, "reason", "x")).then().statusCode(404);
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/earnings", worker).then()
                .body("adjustmentsCents", equalTo(380)).body("balanceCents", equalTo(380));
    }

    @Test
    void earningsAreTheWorkersTheirManagersAndAdminsBusinessOnly() {
        UUID vendor = TestData.vendor();
        UUID worker = TestData.worker(TestData.unique("flo"), vendor);
        UUID other = TestData.worker(TestData.unique("gia"), vendor);
        given().auth().oauth2(TestJwt.worker(worker)).get("/api/v1/workers/me/earnings").then().statusCode(200)
                .body("balanceCents", equalTo(0)).body("workerId", equalTo(worker.toString()));
        given().auth().oauth2(TestJwt.worker(worker)).get("/api/v1/workers/{id}/earnings", worker).then().statusCode(200);
        given().auth().oauth2(TestJwt.worker(worker)).get("/api/v1/workers/{id}/earnings", other).then().statusCode(403);
        given().auth().oauth2(TestData.managerToken(vendor)).get("/api/v1/workers/{id}/earnings", worker).then()
                .statusCode(200);
        given().auth().oauth2(TestData.managerToken(TestData.vendor())).get("/api/v1/workers/{id}/earnings", worker)
                .then().statusCode(403);
        given().auth().oauth2(TestData.managerToken(vendor)).get("/api/v1/vendors/{id}/earnings", vendor).then()
                .statusCode(200).body("workers", hasSize(0));
        given().auth().oauth2(TestData.managerToken(TestData.vendor())).get("/api/v1/vendors/{id}/earnings", vendor)
                .then().statusCode(403);
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/vendors/{id}/earnings", UUID.randomUUID()).then()
                .statusCode(404);
        given().auth().oauth2(TestJwt.admin()).queryParam("from", "yesterday")
                .get("/api/v1/workers/{id}/earnings", worker).then().statusCode(400)
                .body("errors.field", contains("from"));
        given().auth().oauth2(TestJwt.admin()).queryParam("limit", 0)
                .get("/api/v1/workers/{id}/earnings/entries", worker).then().statusCode(400);
    }

    static Response bonus(String token, UUID worker, UUID job, long cents, String reason, String key) {
        var spec = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("jobId", job.toString(), "amountCents", cents, "reason", reason));
        if (key != null) {
            spec = spec.header("Idempotency-Key", key);
        }
        return spec.post("/api/v1/workers/{id}/bonuses", worker);
    }

    static Response adjust(String token, UUID worker, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/v1/workers/{id}/adjustments", worker);
    }

    void awaitProcessed(UUID... events) {
        StringBuilder ids = new StringBuilder();
        for (UUID e : events) {
            ids.append(ids.length() == 0 ? "" : ",").append('\'').append(e).append('\'');
        }
        TestEvents.await(events.length + " events processed", () -> count(
                "SELECT count(*) FROM processed_event WHERE event_id IN (" + ids + ")") == events.length);
    }

    long count(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql);
                ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
