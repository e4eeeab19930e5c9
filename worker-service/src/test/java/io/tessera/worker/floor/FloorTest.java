package io.tessera.worker.floor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.common.event.Topics;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.worker.TestData;
import io.tessera.worker.TestEvents;
import io.tessera.worker.ledger.SubmissionTestEvents;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The vendor's floor dashboard and a client's view of the workers in its job. */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class FloorTest {
    @Inject
    DataSource dataSource;

    @Test
    void aVendorManagerSeesLabelsAccuracyAndBlocksPerWorker() {
        UUID vendor = TestData.vendor();
        UUID busy = TestData.worker("a-" + TestData.unique("busy"), vendor);
        UUID idle = TestData.worker("b-" + TestData.unique("idle"), vendor);
        UUID job = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        List<UUID> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(SubmissionTestEvents.submit(SubmissionTestEvents.nextId(), busy, job, org, 0, Instant.now()));
        }
        events.add(SubmissionTestEvents.submit(SubmissionTestEvents.nextId(), busy, job, org, 0,
                Instant.now().minus(Duration.ofHours(2))));
        events.add(skip(busy, job));
        events.add(scored(busy, job, 5, 4, 0.75, 0.8));
        TestEvents.awaitProcessed(dataSource, events);
        given().auth().oauth2(TestJwt.admin()).contentType("application/json")
                .body(Map.of("scope", "platform", "reason", "on leave")).post("/api/v1/workers/{id}/blocks", idle)
                .then().statusCode(201);

        given().auth().oauth2(TestData.managerToken(vendor)).get("/api/v1/vendors/{id}/floor", vendor).then()
                .statusCode(200)
                .body("vendorId", equalTo(vendor.toString()))
                .body("labelsLastHour", equalTo(3))
                .body("labelsLast24h", equalTo(4))
                .body("workers.workerId", contains(busy.toString(), idle.toString()))
                .body("workers[0].labelsLastHour", equalTo(3))
                .body("workers[0].labelsLast24h", equalTo(4))
                .body("workers[0].skipsLast24h", equalTo(1))
                .body("workers[0].lastLabelAt", notNullValue())
                .body("workers[0].goldSeen", equalTo(5))
                .body("workers[0].goldAccuracy", equalTo(0.8f))
                .body("workers[0].activeBlocks", equalTo(0))
                .body("workers[1].labelsLast24h", equalTo(0))
                .body("workers[1].goldAccuracy", nullValue())
                .body("workers[1].activeBlocks", equalTo(1));
        given().auth().oauth2(TestData.managerToken(TestData.vendor())).get("/api/v1/vendors/{id}/floor", vendor)
                .then().statusCode(403);
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/vendors/{id}/floor", vendor).then().statusCode(200);
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/vendors/{id}/floor", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void aClientSeesTheWorkersOfItsOwnJobOnly() {
        UUID org = TestData.org();
        UUID otherOrg = TestData.org();
        UUID job = UUID.randomUUID();
        UUID worker = TestData.worker(TestData.unique("labeler"), TestData.vendor());
        List<UUID> events = new ArrayList<>();
        events.add(SubmissionTestEvents.submit(worker, job, org, 5));
        events.add(SubmissionTestEvents.submit(worker, job, org, 5));
        events.add(scored(worker, job, 4, 3, 0.67, 0.9));
        TestEvents.awaitProcessed(dataSource, events);

        given().auth().oauth2(TestJwt.client(org)).get("/api/v1/orgs/{o}/jobs/{j}/workers", org, job).then()
                .statusCode(200)
                .body("jobId", equalTo(job.toString()))
                .body("labelsLastHour", equalTo(2))
                .body("workers", hasSize(1))
                .body("workers[0].workerId", equalTo(worker.toString()))
                .body("workers[0].goldAccuracy", equalTo(0.67f))
                .body("workers[0].blocked", is(false))
                .body("workers[0]", not(hasKey("username")));
        given().auth().oauth2(TestJwt.client(org)).contentType("application/json")
                .body(Map.of("scope", "job", "jobId", job.toString(), "reason", "sloppy"))
                .post("/api/v1/workers/{id}/blocks", worker).then().statusCode(201);
        given().auth().oauth2(TestJwt.client(org)).get("/api/v1/orgs/{o}/jobs/{j}/workers", org, job).then()
                .body("workers[0].blocked", is(true));

        given().auth().oauth2(TestJwt.client(otherOrg)).get("/api/v1/orgs/{o}/jobs/{j}/workers", org, job).then()
                .statusCode(403);
        given().auth().oauth2(TestJwt.client(otherOrg)).get("/api/v1/orgs/{o}/jobs/{j}/workers", otherOrg, job).then()
                .statusCode(404);
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/orgs/{o}/jobs/{j}/workers", org, job).then().statusCode(200);
    }

    @Test
    void agreementShowsPerWorkerPooledPerTeamAndPerJobForTheClient() {
        UUID vendor = TestData.vendor();
        String lead = TestData.managerToken(vendor);
        UUID ann = TestData.worker("a-" + TestData.unique("ann"), vendor);
        UUID bo = TestData.worker("b-" + TestData.unique("bo"), vendor);
        UUID cy = TestData.worker("c-" + TestData.unique("cy"), vendor);
        UUID otherVendor = TestData.vendor();
        UUID dee = TestData.worker("d-" + TestData.unique("dee"), otherVendor);
        String night = given().auth().oauth2(lead).contentType("application/json").body(Map.of("name", "Night"))
                .post("/api/v1/vendors/{id}/teams", vendor).then().statusCode(201).extract().path("id");
        given().auth().oauth2(lead).contentType("application/json")
                .body(Map.of("workerIds", List.of(ann.toString(), bo.toString())))
                .post("/api/v1/vendors/{id}/teams/{t}/members", vendor, night).then().statusCode(200);
        UUID org = TestData.org();
        UUID job = UUID.randomUUID();
        UUID otherJob = UUID.randomUUID();
        Instant at = Instant.now();
        List<UUID> events = new ArrayList<>();
        events.add(SubmissionTestEvents.submit(ann, job, org, 0)); // the client's view lists workers with work in the job
        events.add(SubmissionTestEvents.submit(bo, job, org, 0));
        events.add(agreement(UUID.randomUUID(), ann, job, org, 10, 8, at, at));
        events.add(agreement(UUID.randomUUID(), ann, otherJob, UUID.randomUUID(), 10, 10, at, at));
        events.add(agreement(UUID.randomUUID(), bo, job, org, 5, 1, at, at));
        events.add(agreement(UUID.randomUUID(), dee, job, org, 20, 20, at, at));
        TestEvents.awaitProcessed(dataSource, events);

        given().auth().oauth2(lead).get("/api/v1/vendors/{id}/floor", vendor).then().statusCode(200)
                .body("workers.workerId", contains(ann.toString(), bo.toString(), cy.toString())) // not dee
                .body("workers[0].comparedLabels", equalTo(20))
                .body("workers[0].agreedLabels", equalTo(18))
                .body("workers[0].agreement", equalTo(0.9f))
                .body("workers[1].comparedLabels", equalTo(5))
                .body("workers[1].agreement", equalTo(0.2f))
                .body("workers[2].comparedLabels", nullValue())
                .body("workers[2].agreement", nullValue())
                .body("teams.name", contains("Night", null))
                .body("teams[0].comparedLabels", equalTo(25))
                .body("teams[0].agreedLabels", equalTo(19))
                .body("teams[0].agreement", equalTo(0.76f))
                .body("teams[1].comparedLabels", equalTo(0))
                .body("teams[1].agreement", nullValue());
        // another vendor's manager sees only their own workers
        given().auth().oauth2(TestData.managerToken(otherVendor)).get("/api/v1/vendors/{id}/floor", vendor).then()
                .statusCode(403);
        given().auth().oauth2(TestData.managerToken(otherVendor)).get("/api/v1/vendors/{id}/floor", otherVendor).then()
                .statusCode(200)
                .body("workers.workerId", contains(dee.toString()))
                .body("workers[0].agreement", equalTo(1.0f));

        given().auth().oauth2(TestJwt.client(org)).get("/api/v1/orgs/{o}/jobs/{j}/workers", org, job).then()
                .statusCode(200)
                .body("workers", hasSize(2))
                .body("workers.find { it.workerId == '%s' }.comparedLabels".formatted(ann), equalTo(10))
                .body("workers.find { it.workerId == '%s' }.agreement".formatted(ann), equalTo(0.8f))
                .body("workers.find { it.workerId == '%s' }.agreement".formatted(bo), equalTo(0.2f));
    }

    @Test
    void aReplayedAgreementChangesNothingAndAnOlderOneArrivingLateIsIgnored() {
        UUID vendor = TestData.vendor();
        UUID worker = TestData.worker(TestData.unique("eve"), vendor);
        UUID job = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        Instant t0 = Instant.now().minus(Duration.ofMinutes(10));
        UUID first = UUID.randomUUID();
        agreement(first, worker, job, org, 10, 9, t0, t0.plusSeconds(1));
        agreement(first, worker, job, org, 10, 9, t0, t0.plusSeconds(1)); // redelivered
        UUID marker = agreement(UUID.randomUUID(), worker, UUID.randomUUID(), org, 1, 1, t0, t0); // after it, same partition
        TestEvents.awaitProcessed(dataSource, List.of(first, marker));
        assertThat(count("SELECT count(*) FROM processed_event WHERE event_id = '" + first + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM worker_job_agreement WHERE worker_id = '" + worker + "'")).isEqualTo(2);
        floorOf(vendor).body("workers[0].comparedLabels", equalTo(11)).body("workers[0].agreedLabels", equalTo(10));

        // newer decisions counted; then an older count (covering earlier decisions, or the same ones counted
        // earlier) arrives late from another instance's outbox: the newer figures stay
        UUID newer = agreement(UUID.randomUUID(), worker, job, org, 12, 6, t0.plusSeconds(60), t0.plusSeconds(61));
        UUID older = agreement(UUID.randomUUID(), worker, job, org, 11, 11, t0.plusSeconds(30), t0.plusSeconds(120));
        UUID sameButEarlier = agreement(UUID.randomUUID(), worker, job, org, 12, 12, t0.plusSeconds(60), t0.plusSeconds(59));
        TestEvents.awaitProcessed(dataSource, List.of(newer, older, sameButEarlier));
        floorOf(vendor).body("workers[0].comparedLabels", equalTo(13))
                .body("workers[0].agreedLabels", equalTo(7))
                .body("workers[0].agreement", equalTo((float) (7.0 / 13)));
    }

    private static io.restassured.response.ValidatableResponse floorOf(UUID vendor) {
        return given().auth().oauth2(TestData.managerToken(vendor)).get("/api/v1/vendors/{id}/floor", vendor).then()
                .statusCode(200);
    }

    /** quality-service's worker.agreement as docs/events.md describes it (key: worker id). */
    private static UUID agreement(UUID eventId, UUID worker, UUID job, UUID org, int compared, int agreed,
            Instant decidedUpto, Instant computedAt) {
        return TestEvents.send(Topics.WORKER_SCORES, eventId, "worker.agreement", worker.toString(), computedAt,
                Map.of("workerId", worker.toString(), "jobId", job.toString(), "orgId", org.toString(),
                        "compared", compared, "agreed", agreed, "agreement", (double) agreed / compared,
                        "decidedUpto", decidedUpto.toString(), "computedAt", computedAt.toString()));
    }

    private static UUID skip(UUID worker, UUID job) {
        return TestEvents.send(Topics.SUBMISSIONS, "assignment.released", Long.toString(SubmissionTestEvents.nextId()),
                Map.of("assignmentId", UUID.randomUUID().toString(), "jobId", job.toString(),
                        "itemId", SubmissionTestEvents.nextId(), "workerId", worker.toString(), "gold", false,
                        "releasedAt", Instant.now().toString()));
    }

    private static UUID scored(UUID worker, UUID job, int seen, int correct, double jobAccuracy, double accuracy) {
        return TestEvents.send(Topics.WORKER_SCORES, "worker.scored", worker.toString(), Map.ofEntries(
                Map.entry("workerId", worker.toString()), Map.entry("jobId", job.toString()),
                Map.entry("itemId", SubmissionTestEvents.nextId()), Map.entry("correct", true),
                Map.entry("jobGoldSeen", seen), Map.entry("jobGoldCorrect", correct),
                Map.entry("jobGoldAccuracy", jobAccuracy), Map.entry("goldSeen", seen),
                Map.entry("goldCorrect", correct), Map.entry("goldAccuracy", accuracy),
                Map.entry("explanation", "x")));
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
