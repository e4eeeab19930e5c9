package io.tessera.worker.team;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
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
import org.hamcrest.MatcherAssert;
import org.junit.jupiter.api.Test;

/** Teams of a vendor's workers: CRUD, membership, the bulk column, per-team floor figures, and who may. */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class TeamTest {
    @Inject
    DataSource dataSource;

    @Test
    void aManagerCreatesRenamesFillsAndDeletesTeams() {
        UUID vendor = TestData.vendor();
        String lead = TestData.managerToken(vendor);
        UUID ana = TestData.worker("a-" + TestData.unique("ana"), vendor);
        UUID bo = TestData.worker("b-" + TestData.unique("bo"), vendor);
        Response created = given().auth().oauth2(lead).contentType(ContentType.JSON).body(Map.of("name", " Night shift "))
                .post("/api/v1/vendors/{id}/teams", vendor);
        created.then().statusCode(201).body("name", equalTo("Night shift")).body("vendorId", equalTo(vendor.toString()))
                .body("members", hasSize(0));
        String night = created.path("id");
        MatcherAssert.assertThat(created.header("Location"), endsWith("/api/v1/vendors/" + vendor + "/teams/" + night));
        String day = createTeam(lead, vendor, "Day shift");
        // names are unique per vendor, case-insensitively; another vendor may reuse one
        given().auth().oauth2(lead).contentType(ContentType.JSON).body(Map.of("name", "NIGHT SHIFT"))
                .post("/api/v1/vendors/{id}/teams", vendor).then().statusCode(409).contentType("application/problem+json");
        UUID other = TestData.vendor();
        createTeam(TestData.managerToken(other), other, "Night shift");

        given().auth().oauth2(lead).contentType(ContentType.JSON)
                .body(Map.of("workerIds", List.of(ana.toString(), bo.toString())))
                .post("/api/v1/vendors/{id}/teams/{t}/members", vendor, night)
                .then().statusCode(200).body("members.workerId", contains(ana.toString(), bo.toString()));
        // moving bo to the day shift takes him out of the night shift
        given().auth().oauth2(lead).contentType(ContentType.JSON).body(Map.of("workerIds", List.of(bo.toString())))
                .post("/api/v1/vendors/{id}/teams/{t}/members", vendor, day)
                .then().statusCode(200).body("members.workerId", contains(bo.toString()));
        given().auth().oauth2(lead).get("/api/v1/vendors/{id}/teams", vendor).then().statusCode(200)
                .body("name", contains("Day shift", "Night shift")).body("members", contains(1, 1));
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}", bo).then().body("teamId", equalTo(day));

        given().auth().oauth2(lead).contentType(ContentType.JSON).body(Map.of("name", "Evenings"))
                .put("/api/v1/vendors/{id}/teams/{t}", vendor, night).then().statusCode(200).body("name", equalTo("Evenings"));
        given().auth().oauth2(lead).contentType(ContentType.JSON).body(Map.of("name", "day SHIFT"))
                .put("/api/v1/vendors/{id}/teams/{t}", vendor, night).then().statusCode(409);

        given().auth().oauth2(lead).delete("/api/v1/vendors/{id}/teams/{t}/members/{w}", vendor, night, ana).then().statusCode(204);
        given().auth().oauth2(lead).delete("/api/v1/vendors/{id}/teams/{t}/members/{w}", vendor, night, ana).then().statusCode(404);
        given().auth().oauth2(lead).delete("/api/v1/vendors/{id}/teams/{t}", vendor, day).then().statusCode(204);
        given().auth().oauth2(lead).get("/api/v1/vendors/{id}/teams/{t}", vendor, day).then().statusCode(404);
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}", bo).then().statusCode(200).body("teamId", nullValue());
    }

    @Test
    void badBodiesAre400AndNothingChanges() {
        UUID vendor = TestData.vendor();
        String lead = TestData.managerToken(vendor);
        String team = createTeam(lead, vendor, "Alpha");
        UUID own = TestData.worker(TestData.unique("own"), vendor);
        UUID foreign = TestData.worker(TestData.unique("foreign"), TestData.vendor());
        UUID remote = TestData.worker(TestData.unique("remote"), null);
        given().auth().oauth2(lead).contentType(ContentType.JSON).body(Map.of("name", " "))
                .post("/api/v1/vendors/{id}/teams", vendor).then().statusCode(400).body("errors[0].field", equalTo("name"));
        given().auth().oauth2(lead).contentType(ContentType.JSON).body(Map.of("name", "x".repeat(101)))
                .post("/api/v1/vendors/{id}/teams", vendor).then().statusCode(400);
        given().auth().oauth2(lead).contentType(ContentType.JSON)
                .body(Map.of("workerIds", List.of(own.toString(), foreign.toString(), remote.toString(), UUID.randomUUID().toString())))
                .post("/api/v1/vendors/{id}/teams/{t}/members", vendor, team)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("workerIds[1]", "workerIds[2]", "workerIds[3]"));
        given().auth().oauth2(lead).contentType(ContentType.JSON).body(Map.of("workerIds", List.of()))
                .post("/api/v1/vendors/{id}/teams/{t}/members", vendor, team).then().statusCode(400);
        given().auth().oauth2(lead).contentType(ContentType.JSON).body(Map.of("workerIds", List.of("not-a-uuid")))
                .post("/api/v1/vendors/{id}/teams/{t}/members", vendor, team).then().statusCode(400);
        given().auth().oauth2(lead).get("/api/v1/vendors/{id}/teams/{t}", vendor, team).then().body("members", hasSize(0));
    }

    @Test
    void aVendorManagerCannotTouchAnotherVendorsTeams() {
        UUID vendor = TestData.vendor();
        UUID other = TestData.vendor();
        String team = createTeam(TestData.managerToken(vendor), vendor, "Alpha");
        UUID worker = TestData.worker(TestData.unique("w"), vendor);
        String stranger = TestData.managerToken(other);
        Map<String, Object> members = Map.of("workerIds", List.of(worker.toString()));
        given().auth().oauth2(stranger).get("/api/v1/vendors/{id}/teams", vendor).then().statusCode(403);
        given().auth().oauth2(stranger).get("/api/v1/vendors/{id}/teams/{t}", vendor, team).then().statusCode(403);
        given().auth().oauth2(stranger).contentType(ContentType.JSON).body(Map.of("name", "Mine"))
                .post("/api/v1/vendors/{id}/teams", vendor).then().statusCode(403);
        given().auth().oauth2(stranger).contentType(ContentType.JSON).body(Map.of("name", "Mine"))
                .put("/api/v1/vendors/{id}/teams/{t}", vendor, team).then().statusCode(403);
        given().auth().oauth2(stranger).contentType(ContentType.JSON).body(members)
                .post("/api/v1/vendors/{id}/teams/{t}/members", vendor, team).then().statusCode(403);
        given().auth().oauth2(stranger).delete("/api/v1/vendors/{id}/teams/{t}/members/{w}", vendor, team, worker).then().statusCode(403);
        given().auth().oauth2(stranger).delete("/api/v1/vendors/{id}/teams/{t}", vendor, team).then().statusCode(403);
        // under their own vendor's path the team does not exist
        given().auth().oauth2(stranger).get("/api/v1/vendors/{id}/teams/{t}", other, team).then().statusCode(404);
        given().auth().oauth2(stranger).contentType(ContentType.JSON).body(members)
                .post("/api/v1/vendors/{id}/teams/{t}/members", other, team).then().statusCode(404);
        given().auth().oauth2(TestJwt.worker(worker)).get("/api/v1/vendors/{id}/teams", vendor).then().statusCode(403);
        given().auth().oauth2(TestJwt.client(UUID.randomUUID())).get("/api/v1/vendors/{id}/teams", vendor).then().statusCode(403);
        given().get("/api/v1/vendors/{id}/teams", vendor).then().statusCode(401);
        // an admin may
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(members)
                .post("/api/v1/vendors/{id}/teams/{t}/members", vendor, team).then().statusCode(200);
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/vendors/{id}/teams", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void bulkRowsNameTheirTeamAndAnUnknownTeamRejectsTheBatch() {
        UUID vendor = TestData.vendor();
        String lead = TestData.managerToken(vendor);
        String team = createTeam(lead, vendor, "Boxes");
        String ann = TestData.unique("ann");
        given().auth().oauth2(lead).contentType("text/csv").body("username,team\n" + ann + ",boxes\n" + TestData.unique("x") + ",Spans\n")
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(400).body("errors.field", contains("line 3: team"));
        given().auth().oauth2(lead).contentType("text/csv").body("username,team\n" + ann + ",boxes\n")
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(201).body("workers[0].teamId", equalTo(team));
        given().auth().oauth2(lead).get("/api/v1/vendors/{id}/teams/{t}", vendor, team).then()
                .body("members.username", contains(ann.toLowerCase()));
    }

    @Test
    void theFloorSumsEachTeamAndCanBeNarrowedToOne() {
        UUID vendor = TestData.vendor();
        String lead = TestData.managerToken(vendor);
        String alpha = createTeam(lead, vendor, "Alpha");
        String beta = createTeam(lead, vendor, "Beta");
        UUID a1 = TestData.worker("a1-" + TestData.unique("x"), vendor);
        UUID a2 = TestData.worker("a2-" + TestData.unique("x"), vendor);
        UUID loner = TestData.worker("c-" + TestData.unique("x"), vendor);
        given().auth().oauth2(lead).contentType(ContentType.JSON).body(Map.of("workerIds", List.of(a1.toString(), a2.toString())))
                .post("/api/v1/vendors/{id}/teams/{t}/members", vendor, alpha).then().statusCode(200);
        UUID job = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        List<UUID> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(SubmissionTestEvents.submit(a1, job, org, 0));
        }
        events.add(SubmissionTestEvents.submit(a2, job, org, 0));
        events.add(SubmissionTestEvents.submit(loner, job, org, 0));
        events.add(scored(a1, job, 10, 9));
        events.add(scored(a2, job, 10, 6));
        TestEvents.awaitProcessed(dataSource, events);

        given().auth().oauth2(lead).get("/api/v1/vendors/{id}/floor", vendor).then().statusCode(200)
                .body("labelsLastHour", equalTo(5))
                .body("teams.name", contains("Alpha", "Beta", null))
                .body("teams[0].teamId", equalTo(alpha))
                .body("teams[0].workers", equalTo(2))
                .body("teams[0].activeWorkers", equalTo(2))
                .body("teams[0].labelsLastHour", equalTo(4))
                .body("teams[0].goldSeen", equalTo(20))
                .body("teams[0].goldCorrect", equalTo(15))
                .body("teams[0].goldAccuracy", equalTo(0.75f))
                .body("teams[1].teamId", equalTo(beta))
                .body("teams[1].workers", equalTo(0))
                .body("teams[1].goldAccuracy", nullValue())
                .body("teams[2].teamId", nullValue())
                .body("teams[2].labelsLastHour", equalTo(1))
                .body("workers.teamId", hasItems(alpha, null));
        given().auth().oauth2(lead).get("/api/v1/vendors/{id}/floor?teamId={t}", vendor, alpha).then().statusCode(200)
                .body("teamId", equalTo(alpha))
                .body("labelsLastHour", equalTo(4))
                .body("teams", hasSize(1))
                .body("workers.workerId", contains(a1.toString(), a2.toString()));
        String foreignTeam = createTeam(TestJwt.admin(), TestData.vendor(), "Alpha");
        given().auth().oauth2(lead).get("/api/v1/vendors/{id}/floor?teamId={t}", vendor, foreignTeam).then().statusCode(404);
    }

    private static String createTeam(String token, UUID vendor, String name) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", name))
                .post("/api/v1/vendors/{id}/teams", vendor).then().statusCode(201).extract().path("id");
    }

    private static UUID scored(UUID worker, UUID job, int seen, int correct) {
        return TestEvents.send(Topics.WORKER_SCORES, "worker.scored", worker.toString(), Map.ofEntries(
                Map.entry("workerId", worker.toString()), Map.entry("jobId", job.toString()),
                Map.entry("itemId", SubmissionTestEvents.nextId()), Map.entry("correct", true),
                Map.entry("jobGoldSeen", seen), Map.entry("jobGoldCorrect", correct),
                Map.entry("jobGoldAccuracy", (correct + 1.0) / (seen + 2.0)), Map.entry("goldSeen", seen),
                Map.entry("goldCorrect", correct), Map.entry("goldAccuracy", (correct + 1.0) / (seen + 2.0)),
                Map.entry("explanation", "x")));
    }
}
