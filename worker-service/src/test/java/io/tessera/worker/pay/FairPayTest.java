package io.tessera.worker.pay;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tessera.common.event.Topics;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.worker.TestData;
import io.tessera.worker.TestEvents;
import io.tessera.worker.ledger.SubmissionTestEvents;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A job's effective hourly pay from submission durations, against the job's or the organisation's target. */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class FairPayTest {
    @Inject
    DataSource dataSource;

    @Test
    void theClientSeesTheMedianHourlyRateAndAWarningBelowTheTarget() {
        UUID org = TestData.org();
        String client = TestJwt.client(org);
        UUID job = UUID.randomUUID();
        UUID worker = TestData.worker(TestData.unique("val"), null);
        List<UUID> events = new ArrayList<>();
        long repeated = SubmissionTestEvents.nextId();
        // 10 cents a label: 6 s, 9 s and 12 s make 6000, 4000 and 3000 cents per hour; median 4000
        events.add(submit(repeated, worker, job, org, 10, 6_000L));
        events.add(submit(repeated, worker, job, org, 10, 6_000L)); // the same submission again: counted once
        events.add(submit(SubmissionTestEvents.nextId(), worker, job, org, 10, 9_000L));
        events.add(submit(SubmissionTestEvents.nextId(), worker, job, org, 10, 12_000L));
        events.add(submit(SubmissionTestEvents.nextId(), worker, job, org, 10, null)); // no duration reported
        events.add(submit(SubmissionTestEvents.nextId(), worker, job, org, 10, 0L));
        TestEvents.awaitProcessed(dataSource, events);

        given().auth().oauth2(client).get("/api/v1/jobs/{id}/pay", job).then().statusCode(200)
                .body("jobId", equalTo(job.toString()))
                .body("orgId", equalTo(org.toString()))
                .body("submissions", equalTo(5))
                .body("timedSubmissions", equalTo(3))
                .body("rewardCentsPerLabel", equalTo(10))
                .body("medianDurationMs", equalTo(9000))
                .body("effectiveCentsPerHour", equalTo(4000))
                .body("fairPayCentsPerHour", nullValue())
                .body("belowTarget", nullValue())
                .body("warning", nullValue());

        given().auth().oauth2(client).contentType(ContentType.JSON).body(Map.of("fairPayCentsPerHour", 5000))
                .put("/api/v1/orgs/{id}/fair-pay", org).then().statusCode(200).body("fairPayCentsPerHour", equalTo(5000));
        given().auth().oauth2(client).get("/api/v1/orgs/{id}/fair-pay", org).then().statusCode(200)
                .body("fairPayCentsPerHour", equalTo(5000));
        given().auth().oauth2(client).get("/api/v1/jobs/{id}/pay", job).then().statusCode(200)
                .body("fairPayCentsPerHour", equalTo(5000))
                .body("targetSource", equalTo("organisation"))
                .body("belowTarget", is(true))
                .body("shortfallCentsPerHour", equalTo(1000))
                .body("labelsBelowTargetPercent", equalTo(66.7f))
                .body("warning", containsString("4000 cents per hour"));

        // the job's own target wins over the organisation's; removing it falls back
        given().auth().oauth2(client).contentType(ContentType.JSON).body(Map.of("fairPayCentsPerHour", 3500))
                .put("/api/v1/jobs/{id}/fair-pay", job).then().statusCode(200)
                .body("jobId", equalTo(job.toString())).body("orgId", equalTo(org.toString()));
        given().auth().oauth2(client).get("/api/v1/jobs/{id}/pay", job).then()
                .body("targetSource", equalTo("job"))
                .body("belowTarget", is(false))
                .body("shortfallCentsPerHour", equalTo(0))
                .body("labelsBelowTargetPercent", equalTo(33.3f))
                .body("warning", nullValue());
        Map<String, Object> none = new HashMap<>();
        none.put("fairPayCentsPerHour", null);
        given().auth().oauth2(client).contentType(ContentType.JSON).body(none)
                .put("/api/v1/jobs/{id}/fair-pay", job).then().statusCode(200).body("fairPayCentsPerHour", nullValue());
        given().auth().oauth2(client).get("/api/v1/jobs/{id}/pay", job).then().body("targetSource", equalTo("organisation"));
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/jobs/{id}/pay", job).then().statusCode(200)
                .body("belowTarget", is(true));
    }

    @Test
    void aTargetSetBeforeTheFirstLabelCountsOnlyForTheJobsOwner() {
        UUID owner = TestData.org();
        UUID other = TestData.org();
        UUID job = UUID.randomUUID();
        given().auth().oauth2(TestJwt.client(owner)).contentType(ContentType.JSON).body(Map.of("fairPayCentsPerHour", 900))
                .put("/api/v1/jobs/{id}/fair-pay", job).then().statusCode(200);
        given().auth().oauth2(TestJwt.client(other)).contentType(ContentType.JSON).body(Map.of("fairPayCentsPerHour", 100))
                .put("/api/v1/jobs/{id}/fair-pay", job).then().statusCode(200);
        // nothing measured yet: no figures to show
        given().auth().oauth2(TestJwt.client(owner)).get("/api/v1/jobs/{id}/pay", job).then().statusCode(404);
        TestEvents.awaitProcessed(dataSource, List.of(submit(SubmissionTestEvents.nextId(), TestData.worker(TestData.unique("wyn"), null), job,
                owner, 1, 36_000L)));
        given().auth().oauth2(TestJwt.client(owner)).get("/api/v1/jobs/{id}/pay", job).then().statusCode(200)
                .body("effectiveCentsPerHour", equalTo(100))
                .body("fairPayCentsPerHour", equalTo(900))
                .body("belowTarget", is(true));
        // now known to be the owner's: the other organisation sees nothing and may set nothing
        given().auth().oauth2(TestJwt.client(other)).get("/api/v1/jobs/{id}/pay", job).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(TestJwt.client(other)).contentType(ContentType.JSON).body(Map.of("fairPayCentsPerHour", 100))
                .put("/api/v1/jobs/{id}/fair-pay", job).then().statusCode(404);
        given().auth().oauth2(TestJwt.client(other)).contentType(ContentType.JSON).body(Map.of("fairPayCentsPerHour", 100))
                .put("/api/v1/orgs/{id}/fair-pay", owner).then().statusCode(403);
        given().auth().oauth2(TestJwt.client(other)).get("/api/v1/orgs/{id}/fair-pay", owner).then().statusCode(403);
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(Map.of("fairPayCentsPerHour", 100))
                .put("/api/v1/jobs/{id}/fair-pay", UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(Map.of("fairPayCentsPerHour", 100))
                .put("/api/v1/orgs/{id}/fair-pay", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void badTargetsAre400AndOtherRolesAreRefused() {
        UUID org = TestData.org();
        String client = TestJwt.client(org);
        for (Object bad : List.of(0, -5, 1_000_001, "lots")) {
            given().auth().oauth2(client).contentType(ContentType.JSON).body(Map.of("fairPayCentsPerHour", bad))
                    .put("/api/v1/orgs/{id}/fair-pay", org).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("fairPayCentsPerHour"));
        }
        given().auth().oauth2(client).contentType(ContentType.JSON).body(Map.of("fairPay", 100))
                .put("/api/v1/orgs/{id}/fair-pay", org).then().statusCode(400);
        given().auth().oauth2(client).get("/api/v1/orgs/{id}/fair-pay", org).then().statusCode(200)
                .body("fairPayCentsPerHour", nullValue());
        UUID job = UUID.randomUUID();
        given().auth().oauth2(TestData.managerToken(TestData.vendor())).get("/api/v1/jobs/{id}/pay", job).then().statusCode(403);
        given().auth().oauth2(TestJwt.worker(UUID.randomUUID())).get("/api/v1/jobs/{id}/pay", job).then().statusCode(403);
        given().auth().oauth2(TestJwt.worker(UUID.randomUUID())).contentType(ContentType.JSON)
                .body(Map.of("fairPayCentsPerHour", 100)).put("/api/v1/orgs/{id}/fair-pay", org).then().statusCode(403);
        given().get("/api/v1/jobs/{id}/pay", job).then().statusCode(401);
    }

    private static UUID submit(long submissionId, UUID worker, UUID job, UUID org, int rewardCents, Long durationMs) {
        Map<String, Object> p = SubmissionTestEvents.payload(submissionId, worker, job, org, rewardCents, Instant.now());
        p.put("durationMs", durationMs);
        return TestEvents.send(Topics.SUBMISSIONS, "submission.created", p.get("itemId").toString(), p);
    }
}
