package io.tessera.worker.block;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tessera.common.event.EventEnvelope;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.testkit.TestClock;
import io.tessera.worker.TestData;
import io.tessera.worker.TestEvents;
import io.tessera.worker.status.WorkerStatusEvents;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.MatcherAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Manual blocks: each role's permissions, and what task-service hears (worker.blocked / worker.unblocked). */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class BlockResourceTest {
    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anAdminBlocksInEveryScopeAndTaskServiceHearsEachBlock() {
        UUID worker = TestData.worker(TestData.unique("ben"), null);
        UUID org = UUID.randomUUID();
        UUID job = UUID.randomUUID();
        Instant until = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MICROS);

        Response platform = block(TestJwt.admin(), worker, body("platform", null, null, null, "chargeback fraud"));
        platform.then().statusCode(201)
                .body("workerId", equalTo(worker.toString()))
                .body("scope", equalTo("platform"))
                .body("orgId", nullValue())
                .body("until", nullValue())
                .body("reason", equalTo("chargeback fraud"))
                .body("source", equalTo("manual"))
                .body("createdByRole", equalTo("admin"))
                .body("active", is(true));
        MatcherAssert.assertThat(platform.header("Location"),
                endsWith("/api/v1/workers/" + worker + "/blocks/" + platform.path("id")));
        block(TestJwt.admin(), worker, body("org", org, null, until, "too slow for Acme")).then().statusCode(201)
                .body("orgId", equalTo(org.toString()));
        block(TestJwt.admin(), worker, body("job", null, job, null, "wrong language")).then().statusCode(201)
                .body("jobId", equalTo(job.toString()));

        List<EventEnvelope> events = TestEvents.awaitStatusCount(worker, 4); // worker.updated at creation + 3
        JsonNode p = events.get(1).payload();
        assertThat(events.get(1).type()).isEqualTo(WorkerStatusEvents.BLOCKED);
        assertThat(p.path("workerId").asText()).isEqualTo(worker.toString());
        assertThat(p.path("scope").asText()).isEqualTo("platform");
        assertThat(p.get("until").isNull()).isTrue();
        assertThat(p.path("reason").asText()).isEqualTo("chargeback fraud");
        p = events.get(2).payload();
        assertThat(p.path("scope").asText()).isEqualTo("org");
        assertThat(p.path("orgId").asText()).isEqualTo(org.toString());
        assertThat(Instant.parse(p.path("until").asText())).isEqualTo(until);
        p = events.get(3).payload();
        assertThat(p.path("scope").asText()).isEqualTo("job");
        assertThat(p.path("jobId").asText()).isEqualTo(job.toString());

        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/blocks", worker)
                .then().statusCode(200).body("scope", contains("platform", "org", "job"));
    }

    @Test
    void liftingTheLastBlockOnATargetUnblocksAndLiftingOneOfTwoKeepsTheOther() {
        UUID worker = TestData.worker(TestData.unique("cat"), null);
        UUID job = UUID.randomUUID();
        Instant soon = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);
        String shortBlock = block(TestJwt.admin(), worker, body("job", null, job, soon, "first")).path("id");
        String longBlock = block(TestJwt.admin(), worker, body("job", null, job, null, "second")).path("id");

        lift(TestJwt.admin(), worker, longBlock).then().statusCode(204);
        lift(TestJwt.admin(), worker, longBlock).then().statusCode(204); // twice: no change, no event
        lift(TestJwt.admin(), worker, shortBlock).then().statusCode(204);

        List<EventEnvelope> events = TestEvents.awaitStatusCount(worker, 5);
        assertThat(events).extracting(EventEnvelope::type).containsExactly(WorkerStatusEvents.UPDATED,
                WorkerStatusEvents.BLOCKED, WorkerStatusEvents.BLOCKED, WorkerStatusEvents.BLOCKED,
                WorkerStatusEvents.UNBLOCKED);
        // the union: indefinite while the second is active, the first's end once only it remains
        assertThat(events.get(2).payload().get("until").isNull()).isTrue();
        assertThat(events.get(2).payload().path("reason").asText()).isEqualTo("second");
        assertThat(Instant.parse(events.get(3).payload().path("until").asText())).isEqualTo(soon);
        assertThat(events.get(3).payload().path("reason").asText()).isEqualTo("first");
        assertThat(events.get(4).payload().path("scope").asText()).isEqualTo("job");
        assertThat(events.get(4).payload().path("jobId").asText()).isEqualTo(job.toString());

        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/blocks/{b}", worker, longBlock)
                .then().statusCode(200).body("active", is(false)).body("liftedAt", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(TestJwt.admin()).queryParam("active", true).get("/api/v1/workers/{id}/blocks", worker)
                .then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void aBlockEndsOnItsOwn() {
        UUID worker = TestData.worker(TestData.unique("dee"), null);
        Instant until = Instant.now().plus(Duration.ofHours(1));
        String id = block(TestJwt.admin(), worker, body("platform", null, null, until, "cool down")).path("id");
        given().auth().oauth2(TestJwt.admin()).queryParam("active", true).get("/api/v1/workers/{id}/blocks", worker)
                .then().body("id", contains(id));
        clock.advance(Duration.ofHours(2));
        given().auth().oauth2(TestJwt.admin()).queryParam("active", true).get("/api/v1/workers/{id}/blocks", worker)
                .then().body("$", hasSize(0));
        given().auth().oauth2(TestJwt.admin()).queryParam("active", false).get("/api/v1/workers/{id}/blocks", worker)
                .then().body("id", contains(id)).body("[0].liftedAt", nullValue());
    }

    @Test
    void aVendorManagerBlocksTheirOwnWorkersOnly() {
        UUID vendor = TestData.vendor();
        UUID own = TestData.worker(TestData.unique("eve"), vendor);
        UUID foreign = TestData.worker(TestData.unique("fin"), TestData.vendor());
        UUID remote = TestData.worker(TestData.unique("gus"), null);
        String manager = TestData.managerToken(vendor);
        String otherManager = TestData.managerToken(vendor); // a second manager of the same vendor

        String mine = block(manager, own, body("platform", null, null, null, "left the floor")).then().statusCode(201)
                .body("createdByRole", equalTo("vendor")).extract().path("id");
        block(manager, own, body("org", UUID.randomUUID(), null, null, "client asked")).then().statusCode(201);
        block(manager, foreign, body("platform", null, null, null, "x")).then().statusCode(403)
                .contentType("application/problem+json");
        block(manager, remote, body("platform", null, null, null, "x")).then().statusCode(403);
        given().auth().oauth2(manager).get("/api/v1/workers/{id}/blocks", foreign).then().statusCode(403);

        // an admin's block on the manager's worker: visible, not liftable by the manager
        String admins = block(TestJwt.admin(), own, body("job", null, UUID.randomUUID(), null, "admin")).path("id");
        given().auth().oauth2(manager).get("/api/v1/workers/{id}/blocks", own).then().statusCode(200).body("$", hasSize(3));
        lift(manager, own, admins).then().statusCode(403);
        lift(otherManager, own, mine).then().statusCode(204); // any manager of the vendor
        // a manager of another vendor cannot lift it either
        lift(TestData.managerToken(TestData.vendor()), own, admins).then().statusCode(403);
    }

    @Test
    void aClientBlocksOnlyWithinItsOwnOrganisation() {
        UUID org = TestData.org();
        UUID otherOrg = TestData.org();
        UUID worker = TestData.worker(TestData.unique("hal"), TestData.vendor());
        String client = TestJwt.client(org);
        String otherClient = TestJwt.client(otherOrg);

        // scope org: the client's own organisation, by default or by name
        block(client, worker, body("org", null, null, null, "bad boxes")).then().statusCode(201)
                .body("orgId", equalTo(org.toString())).body("createdByRole", equalTo("client"));
        block(client, worker, body("org", otherOrg, null, null, "x")).then().statusCode(403);
        block(client, worker, body("platform", null, null, null, "x")).then().statusCode(403);
        // scope job: recorded with the client's organisation
        UUID job = UUID.randomUUID();
        String jobBlock = block(client, worker, body("job", null, job, null, "spam in job")).then().statusCode(201)
                .body("orgId", equalTo(org.toString())).body("jobId", equalTo(job.toString())).extract().path("id");
        block(client, worker, body("job", otherOrg, job, null, "x")).then().statusCode(403);

        // the other client sees none of it and cannot lift it
        given().auth().oauth2(otherClient).get("/api/v1/workers/{id}/blocks", worker)
                .then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(otherClient).get("/api/v1/workers/{id}/blocks/{b}", worker, jobBlock).then().statusCode(404);
        lift(otherClient, worker, jobBlock).then().statusCode(404);
        // an admin's platform block is not the client's business
        block(TestJwt.admin(), worker, body("platform", null, null, null, "admin"));
        given().auth().oauth2(client).get("/api/v1/workers/{id}/blocks", worker)
                .then().statusCode(200).body("scope", contains("org", "job"));
        lift(client, worker, jobBlock).then().statusCode(204);

        TestEvents.awaitStatus(worker, WorkerStatusEvents.UNBLOCKED,
                e -> e.payload().path("jobId").asText().equals(job.toString()));
        assertThat(TestEvents.status(worker)).filteredOn(e -> e.type().equals(WorkerStatusEvents.BLOCKED))
                .extracting(e -> e.payload().path("orgId").asText())
                .contains(org.toString());
    }

    @Test
    void aClientCannotBlockOnAJobKnownToBelongToAnotherOrganisation() {
        UUID org = TestData.org();
        UUID otherOrg = TestData.org();
        UUID job = UUID.randomUUID();
        UUID someone = TestData.worker(TestData.unique("ian"), null);
        UUID worker = TestData.worker(TestData.unique("jan"), null);
        // a verdict about the other organisation's job makes the job known to worker-service
        VerdictTestEvents.verdict(UUID.randomUUID(), someone, job, otherOrg, "job", false);
        TestEvents.awaitStatus(someone, WorkerStatusEvents.BLOCKED, e -> true);

        block(TestJwt.client(org), worker, body("job", null, job, null, "x")).then().statusCode(404)
                .contentType("application/problem+json");
        block(TestJwt.client(otherOrg), worker, body("job", null, job, null, "ok")).then().statusCode(201);
        // an admin's job block takes the job's known organisation
        block(TestJwt.admin(), worker, body("job", null, job, null, "ok")).then().statusCode(201)
                .body("orgId", equalTo(otherOrg.toString()));
    }

    @Test
    void badBlocksAre400AndUnknownWorkersAre404() {
        UUID worker = TestData.worker(TestData.unique("kim"), null);
        String admin = TestJwt.admin();
        block(admin, worker, body("galaxy", null, null, null, "x")).then().statusCode(400)
                .body("errors.field", contains("scope"));
        block(admin, worker, body("org", null, null, null, "x")).then().statusCode(400)
                .body("errors.field", contains("orgId"));
        block(admin, worker, body("job", null, null, null, "x")).then().statusCode(400)
                .body("errors.field", contains("jobId"));
        block(admin, worker, body("platform", UUID.randomUUID(), null, null, "x")).then().statusCode(400)
                .body("errors.field", contains("orgId"));
        block(admin, worker, body("org", UUID.randomUUID(), UUID.randomUUID(), null, "x")).then().statusCode(400)
                .body("errors.field", contains("jobId"));
        block(admin, worker, body("platform", null, null, Instant.now().minusSeconds(1), "x")).then().statusCode(400)
                .body("errors.field", contains("until"));
        block(admin, worker, body("platform", null, null, null, " ")).then().statusCode(400)
                .body("errors.field", contains("reason"));
        block(admin, UUID.randomUUID(), body("platform", null, null, null, "x")).then().statusCode(404);
        lift(admin, worker, UUID.randomUUID().toString()).then().statusCode(404);
        TestEvents.awaitStatusCount(worker, 1); // nothing but the creation
    }

    static Map<String, Object> body(String scope, UUID org, UUID job, Instant until, String reason) {
        Map<String, Object> body = new HashMap<>();
        body.put("scope", scope);
        if (org != null) {
            body.put("orgId", org.toString());
        }
        if (job != null) {
            body.put("jobId", job.toString());
        }
        if (until != null) {
            body.put("until", until.toString());
        }
        body.put("reason", reason);
        return body;
    }

    static Response block(String token, UUID worker, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/v1/workers/{id}/blocks", worker);
    }

    static Response lift(String token, UUID worker, String block) {
        return given().auth().oauth2(token).delete("/api/v1/workers/{id}/blocks/{b}", worker, block);
    }
}
