package io.tessera.worker.qualification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tessera.common.event.EventEnvelope;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.worker.TestData;
import io.tessera.worker.TestEvents;
import io.tessera.worker.block.VerdictTestEvents;
import io.tessera.worker.status.WorkerStatusEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.MatcherAssert;
import org.junit.jupiter.api.Test;

/** Defining, granting and revoking qualifications; certificates; the worker.updated snapshots they cause. */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class QualificationTest {

    @Test
    void adminsAndClientsDefineQualificationsEveryoneCanRead() {
        String platformName = TestData.qualificationName("medical-imaging");
        Response created = define(TestJwt.admin(), Map.of("name", platformName, "description", "Reads X-rays"));
        created.then().statusCode(201)
                .body("name", equalTo(platformName))
                .body("description", equalTo("Reads X-rays"))
                .body("orgId", nullValue())
                .body("exam", nullValue());
        String id = created.path("id");
        MatcherAssert.assertThat(created.header("Location"), endsWith("/api/v1/qualifications/" + id));

        UUID org = TestData.org();
        String clientName = TestData.qualificationName("acme-sentiment");
        define(TestJwt.client(org), Map.of("name", clientName)).then().statusCode(201)
                .body("orgId", equalTo(org.toString()));

        for (String token : List.of(TestJwt.admin(), TestJwt.client(UUID.randomUUID()),
                TestData.managerToken(UUID.randomUUID()), TestJwt.worker(UUID.randomUUID()))) {
            given().auth().oauth2(token).get("/api/v1/qualifications").then().statusCode(200)
                    .body("name", hasItem(platformName)).body("name", hasItem(clientName));
            given().auth().oauth2(token).get("/api/v1/qualifications/{id}", id).then().statusCode(200)
                    .body("name", equalTo(platformName));
        }
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/qualifications/{id}", UUID.randomUUID())
                .then().statusCode(404);
    }

    @Test
    void namesAreUniqueAndShaped() {
        String name = TestData.qualificationName("english");
        define(TestJwt.admin(), Map.of("name", name)).then().statusCode(201);
        define(TestJwt.client(UUID.randomUUID()), Map.of("name", name)).then().statusCode(409)
                .contentType("application/problem+json");
        for (String bad : List.of("English", "-x", "a b", "", "x".repeat(101))) {
            define(TestJwt.admin(), Map.of("name", bad)).then().statusCode(400).body("errors.field", contains("name"));
        }
        define(TestJwt.admin(), Map.of("name", TestData.qualificationName("x"), "nmae", "typo")).then().statusCode(400);
    }

    @Test
    void examsAreValidatedAndOneJobIsTheExamOfOneQualification() {
        UUID job = UUID.randomUUID();
        define(TestJwt.admin(), exam(TestData.qualificationName("boxes"), job, 0, 5, 3, "PT1H")).then().statusCode(400)
                .body("errors.field", contains("exam.passPercent"));
        define(TestJwt.admin(), exam(TestData.qualificationName("boxes"), job, 80, 5, 3, "-PT1H")).then().statusCode(400)
                .body("errors.field", contains("exam.retryDelay"));
        define(TestJwt.admin(), exam(TestData.qualificationName("boxes"), job, 80, 0, 0, "PT1H")).then().statusCode(400)
                .body("errors.field", contains("exam.goldPerAttempt", "exam.maxAttempts"));
        define(TestJwt.admin(), exam(TestData.qualificationName("boxes"), job, 80, 5, 3, "PT1H")).then().statusCode(201)
                .body("exam.jobId", equalTo(job.toString()))
                .body("exam.passPercent", equalTo(80))
                .body("exam.goldPerAttempt", equalTo(5))
                .body("exam.maxAttempts", equalTo(3))
                .body("exam.retryDelay", equalTo("PT1H"));
        define(TestJwt.admin(), exam(TestData.qualificationName("boxes"), job, 80, 5, 3, "PT1H")).then().statusCode(409);
    }

    @Test
    void aClientCannotMakeAnotherOrganisationsJobItsExam() {
        UUID org = TestData.org();
        UUID otherOrg = TestData.org();
        UUID job = UUID.randomUUID();
        UUID someone = TestData.worker(TestData.unique("ola"), null);
        VerdictTestEvents.verdict(UUID.randomUUID(), someone, job, otherOrg, "job", false); // the job becomes known
        TestEvents.awaitStatus(someone, WorkerStatusEvents.BLOCKED, e -> true);
        define(TestJwt.client(org), exam(TestData.qualificationName("ner"), job, 80, 5, 3, "PT0S")).then().statusCode(404);
        define(TestJwt.client(otherOrg), exam(TestData.qualificationName("ner"), job, 80, 5, 3, "PT0S")).then()
                .statusCode(201);
    }

    @Test
    void grantsAndRevocationsPublishFullSnapshots() {
        UUID vendor = TestData.vendor();
        UUID worker = TestData.worker(TestData.unique("pam"), vendor);
        String b = TestData.qualificationName("b-transcription");
        String a = TestData.qualificationName("a-sentiment");
        UUID qb = TestData.qualification(b);
        UUID qa = TestData.qualification(a);

        Response granted = grant(TestJwt.admin(), worker, qb);
        granted.then().statusCode(201)
                .body("qualificationId", equalTo(qb.toString()))
                .body("name", equalTo(b))
                .body("source", equalTo("grant"))
                .body("grantedAt", notNullValue());
        MatcherAssert.assertThat(granted.header("Location"),
                endsWith("/api/v1/workers/" + worker + "/qualifications/" + qb));
        grant(TestJwt.admin(), worker, qb).then().statusCode(200).body("name", equalTo(b)); // held: no event
        grant(TestJwt.admin(), worker, qa).then().statusCode(201);
        revoke(worker, qb).then().statusCode(204);
        revoke(worker, qb).then().statusCode(204); // revoked: no event
        grant(TestJwt.admin(), worker, qb).then().statusCode(201);

        List<EventEnvelope> events = TestEvents.awaitStatusCount(worker, 5);
        List<List<String>> snapshots = new ArrayList<>();
        for (EventEnvelope e : events) {
            assertThat(e.type()).isEqualTo(WorkerStatusEvents.UPDATED);
            assertThat(e.payload().path("vendorId").asText()).isEqualTo(vendor.toString());
            List<String> names = new ArrayList<>();
            e.payload().path("qualifications").forEach(n -> names.add(n.asText()));
            snapshots.add(names);
        }
        assertThat(snapshots).containsExactly(List.of(), List.of(b), List.of(a, b), List.of(a), List.of(a, b));
    }

    @Test
    void onlyAdminsGrantAndRevoke() {
        UUID vendor = TestData.vendor();
        UUID worker = TestData.worker(TestData.unique("quin"), vendor);
        UUID q = TestData.qualification(TestData.qualificationName("only-admins"));
        grant(TestData.managerToken(vendor), worker, q).then().statusCode(403);
        grant(TestJwt.client(UUID.randomUUID()), worker, q).then().statusCode(403);
        grant(TestJwt.worker(worker), worker, q).then().statusCode(403);
        grant(TestJwt.admin(), worker, UUID.randomUUID()).then().statusCode(400)
                .body("errors.field", contains("qualificationId"));
        grant(TestJwt.admin(), UUID.randomUUID(), q).then().statusCode(404);
        revoke(worker, q).then().statusCode(404); // never held
        TestEvents.awaitStatusCount(worker, 1);
    }

    @Test
    void aWorkerShowsTheirCertificatesAndTheirManagerSeesThem() {
        UUID vendor = TestData.vendor();
        String username = TestData.unique("rae");
        UUID worker = TestData.worker(username, vendor);
        UUID other = TestData.worker(TestData.unique("sol"), vendor);
        String name = TestData.qualificationName("pairwise-eval");
        UUID q = TestData.qualification(name);
        grant(TestJwt.admin(), worker, q).then().statusCode(201);
        String token = TestData.signIn(username, TestData.PASSWORD);

        given().auth().oauth2(token).get("/api/v1/workers/me/qualifications").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].qualificationId", equalTo(q.toString()))
                .body("[0].name", equalTo(name))
                .body("[0].source", equalTo("grant"))
                .body("[0].grantedAt", notNullValue())
                .body("[0].exam", nullValue());
        given().auth().oauth2(token).get("/api/v1/workers/{id}/qualifications", worker).then().statusCode(200)
                .body("name", contains(name));
        given().auth().oauth2(token).get("/api/v1/workers/{id}/qualifications", other).then().statusCode(403);
        given().auth().oauth2(TestData.managerToken(vendor)).get("/api/v1/workers/{id}/qualifications", worker)
                .then().statusCode(200).body("name", contains(name));
        given().auth().oauth2(TestData.managerToken(TestData.vendor())).get("/api/v1/workers/{id}/qualifications", worker)
                .then().statusCode(403);
        revoke(worker, q).then().statusCode(204);
        given().auth().oauth2(token).get("/api/v1/workers/me/qualifications").then().statusCode(200).body("$", hasSize(0));
    }

    static Response define(String token, Map<String, ?> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/qualifications");
    }

    static Map<String, Object> exam(String name, UUID job, int passPercent, int gold, int attempts, String retryDelay) {
        return Map.of("name", name, "exam", Map.of("jobId", job.toString(), "passPercent", passPercent,
                "goldPerAttempt", gold, "maxAttempts", attempts, "retryDelay", retryDelay));
    }

    static Response grant(String token, UUID worker, UUID qualification) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("qualificationId", qualification.toString()))
                .post("/api/v1/workers/{id}/qualifications", worker);
    }

    static Response revoke(UUID worker, UUID qualification) {
        return given().auth().oauth2(TestJwt.admin())
                .delete("/api/v1/workers/{id}/qualifications/{q}", worker, qualification);
    }
}
