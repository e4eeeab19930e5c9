package io.tessera.worker.profile;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The worker profile: status, skills (earned and an admin's), qualifications, scores and earnings. */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class ProfileTest {
    @Inject
    DataSource dataSource;

    @Test
    void aWorkerSeesTheirWholeProfile() {
        UUID vendor = TestData.vendor();
        String username = TestData.unique("pia");
        UUID worker = TestData.worker(username, vendor);
        UUID org = TestData.org();
        UUID texts = UUID.randomUUID();
        UUID boxes = UUID.randomUUID();
        List<UUID> events = new ArrayList<>();
        events.add(submit(worker, texts, org, "categorical", 7));
        events.add(submit(worker, texts, org, "categorical", 7));
        events.add(submit(worker, boxes, org, "bounding-boxes", 20));
        events.add(scored(worker, texts, 12, 9, 12, 9));
        events.add(scored(worker, boxes, 4, 4, 16, 13)); // too few in boxes for a skill
        TestEvents.awaitProcessed(dataSource, events);
        String qualification = TestData.qualificationName("tagging");
        UUID q = TestData.qualification(qualification);
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(Map.of("qualificationId", q.toString()))
                .post("/api/v1/workers/{id}/qualifications", worker).then().statusCode(201);
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(Map.of("scope", "org", "orgId", org.toString(), "reason", "wrong language"))
                .post("/api/v1/workers/{id}/blocks", worker).then().statusCode(201);

        String token = TestData.signIn(username, TestData.PASSWORD);
        given().auth().oauth2(token).get("/api/v1/workers/me").then().statusCode(200)
                .body("id", equalTo(worker.toString()))
                .body("vendorId", equalTo(vendor.toString()))
                .body("languages", contains("en", "pt-BR"))
                .body("country", equalTo("PT"))
                .body("status", equalTo("active"))
                .body("activeBlocks", equalTo(1))
                .body("skills.name", contains("categorical"))
                .body("skills[0].level", equalTo((float) (10.0 / 14.0)))
                .body("skills[0].source", equalTo("gold"))
                .body("skills[0].goldSeen", equalTo(12))
                .body("qualifications.name", contains(qualification))
                .body("scores.goldSeen", equalTo(16))
                .body("scores.goldCorrect", equalTo(13))
                .body("earnings.balanceCents", equalTo(34))
                .body("earnings.rewardsCents", equalTo(34));

        // a platform block, then deactivation, show in the status
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(Map.of("scope", "platform", "reason", "investigation"))
                .post("/api/v1/workers/{id}/blocks", worker).then().statusCode(201);
        given().auth().oauth2(token).get("/api/v1/workers/me").then().body("status", equalTo("blocked"))
                .body("activeBlocks", equalTo(2));
        given().auth().oauth2(TestData.managerToken(vendor)).post("/api/v1/workers/{id}/deactivate", worker)
                .then().statusCode(200);
        given().auth().oauth2(TestData.managerToken(vendor)).get("/api/v1/workers/{id}", worker).then().statusCode(200)
                .body("status", equalTo("deactivated")).body("active", is(false))
                .body("skills.name", contains("categorical"));
    }

    @Test
    void aWorkerAndTheirManagerEditTheProfileWithTheCreationRules() {
        UUID vendor = TestData.vendor();
        String username = TestData.unique("uma");
        UUID worker = TestData.worker(username, vendor);
        String token = TestData.signIn(username, TestData.PASSWORD);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("languages", List.of("de", "en", "de"), "country", "AT"))
                .patch("/api/v1/workers/me").then().statusCode(200)
                .body("languages", contains("de", "en")).body("country", equalTo("AT"))
                .body("displayName", equalTo("Worker " + username));
        given().auth().oauth2(TestData.managerToken(vendor)).contentType(ContentType.JSON)
                .body(Map.of("displayName", " Uma M. "))
                .patch("/api/v1/workers/{id}", worker).then().statusCode(200)
                .body("displayName", equalTo("Uma M.")).body("country", equalTo("AT"));
        given().auth().oauth2(token).get("/api/v1/workers/me").then()
                .body("displayName", equalTo("Uma M.")).body("languages", contains("de", "en"));

        // bad values: 400 naming each field, nothing changed
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("languages", List.of("English"), "country", "Austria", "displayName", " "))
                .patch("/api/v1/workers/me").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("languages[0]", "country", "displayName"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("country", "XX"))
                .patch("/api/v1/workers/me").then().statusCode(400).body("errors.field", contains("country"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("vendorId", vendor.toString()))
                .patch("/api/v1/workers/me").then().statusCode(400).body("errors.field", contains("vendorId"));
        given().auth().oauth2(token).get("/api/v1/workers/me").then().body("country", equalTo("AT"));

        // nobody else
        given().auth().oauth2(TestData.managerToken(TestData.vendor())).contentType(ContentType.JSON)
                .body(Map.of("country", "DE")).patch("/api/v1/workers/{id}", worker).then().statusCode(403);
        given().auth().oauth2(TestJwt.worker(worker)).contentType(ContentType.JSON)
                .body(Map.of("country", "DE")).patch("/api/v1/workers/{id}", worker).then().statusCode(403);
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(Map.of("country", "DE")).patch("/api/v1/workers/{id}", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void anAdminGrantsAndAdjustsSkillsAndTheEarnedLevelReturnsWhenRemoved() {
        UUID worker = TestData.worker(TestData.unique("quin"), null);
        UUID job = UUID.randomUUID();
        List<UUID> events = new ArrayList<>();
        events.add(submit(worker, job, TestData.org(), "transcription", 0));
        events.add(scored(worker, job, 10, 10, 10, 10));
        TestEvents.awaitProcessed(dataSource, events);
        String admin = TestJwt.admin();
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("level", 0.4))
                .put("/api/v1/workers/{id}/skills/{name}", worker, "transcription").then().statusCode(200)
                .body("name", equalTo("transcription")).body("level", equalTo(0.4f)).body("source", equalTo("admin"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("level", 1))
                .put("/api/v1/workers/{id}/skills/{name}", worker, "medical-imaging").then().statusCode(200);
        given().auth().oauth2(admin).get("/api/v1/workers/{id}/skills", worker).then().statusCode(200)
                .body("name", contains("medical-imaging", "transcription"))
                .body("level", contains(1.0f, 0.4f))
                .body("source", contains("admin", "admin"));
        given().auth().oauth2(admin).delete("/api/v1/workers/{id}/skills/{name}", worker, "transcription").then().statusCode(204);
        given().auth().oauth2(admin).delete("/api/v1/workers/{id}/skills/{name}", worker, "transcription").then().statusCode(404);
        given().auth().oauth2(TestJwt.worker(worker)).get("/api/v1/workers/{id}/skills", worker).then().statusCode(200)
                .body("name", contains("medical-imaging", "transcription"))
                .body("[1].source", equalTo("gold"))
                .body("[1].level", equalTo((float) (11.0 / 12.0)))
                .body("[1].setAt", nullValue());
    }

    @Test
    void badSkillRequestsAre400AndChangeNothing() {
        UUID worker = TestData.worker(TestData.unique("rui"), null);
        String admin = TestJwt.admin();
        for (Object level : List.of(1.5, -0.1, "high")) {
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("level", level))
                    .put("/api/v1/workers/{id}/skills/{name}", worker, "categorical").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("level"));
        }
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of())
                .put("/api/v1/workers/{id}/skills/{name}", worker, "categorical").then().statusCode(400)
                .body("errors[0].field", equalTo("level"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("level", 0.5))
                .put("/api/v1/workers/{id}/skills/{name}", worker, "Not A Name").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("level", 0.5, "extra", 1))
                .put("/api/v1/workers/{id}/skills/{name}", worker, "categorical").then().statusCode(400);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("level", 0.5))
                .put("/api/v1/workers/{id}/skills/{name}", UUID.randomUUID(), "categorical").then().statusCode(404);
        given().auth().oauth2(admin).get("/api/v1/workers/{id}/skills", worker).then().body("$", hasSize(0));
    }

    @Test
    void onlyAdminsSetSkillsAndOnlyWhoSeesTheWorkerReadsThem() {
        UUID vendor = TestData.vendor();
        UUID worker = TestData.worker(TestData.unique("sol"), vendor);
        UUID other = TestData.worker(TestData.unique("tom"), null);
        Map<String, Object> body = Map.of("level", 0.5);
        given().auth().oauth2(TestData.managerToken(vendor)).contentType(ContentType.JSON).body(body)
                .put("/api/v1/workers/{id}/skills/{name}", worker, "categorical").then().statusCode(403);
        given().auth().oauth2(TestJwt.worker(worker)).contentType(ContentType.JSON).body(body)
                .put("/api/v1/workers/{id}/skills/{name}", worker, "categorical").then().statusCode(403);
        given().auth().oauth2(TestJwt.client(UUID.randomUUID())).delete("/api/v1/workers/{id}/skills/{name}", worker, "x")
                .then().statusCode(403);
        given().auth().oauth2(TestData.managerToken(vendor)).get("/api/v1/workers/{id}/skills", worker).then().statusCode(200);
        given().auth().oauth2(TestData.managerToken(TestData.vendor())).get("/api/v1/workers/{id}/skills", worker)
                .then().statusCode(403);
        given().auth().oauth2(TestData.managerToken(TestData.vendor())).get("/api/v1/workers/{id}", worker)
                .then().statusCode(403);
        given().auth().oauth2(TestJwt.worker(other)).get("/api/v1/workers/{id}/skills", worker).then().statusCode(403);
        given().auth().oauth2(TestJwt.worker(other)).get("/api/v1/workers/{id}", worker).then().statusCode(403);
        given().get("/api/v1/workers/{id}/skills", worker).then().statusCode(401);
    }

    private static UUID submit(UUID worker, UUID job, UUID org, String kind, int rewardCents) {
        Map<String, Object> p = SubmissionTestEvents.payload(SubmissionTestEvents.nextId(), worker, job, org, rewardCents,
                Instant.now());
        p.put("schema", Map.of("kind", kind));
        return TestEvents.send(Topics.SUBMISSIONS, "submission.created", p.get("itemId").toString(), p);
    }

    private static UUID scored(UUID worker, UUID job, int jobSeen, int jobCorrect, int seen, int correct) {
        return TestEvents.send(Topics.WORKER_SCORES, "worker.scored", worker.toString(), Map.ofEntries(
                Map.entry("workerId", worker.toString()), Map.entry("jobId", job.toString()),
                Map.entry("itemId", SubmissionTestEvents.nextId()), Map.entry("correct", true),
                Map.entry("jobGoldSeen", jobSeen), Map.entry("jobGoldCorrect", jobCorrect),
                Map.entry("jobGoldAccuracy", (jobCorrect + 1.0) / (jobSeen + 2.0)), Map.entry("goldSeen", seen),
                Map.entry("goldCorrect", correct), Map.entry("goldAccuracy", (correct + 1.0) / (seen + 2.0)),
                Map.entry("explanation", "x")));
    }
}
