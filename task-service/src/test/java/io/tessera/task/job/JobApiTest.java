package io.tessera.task.job;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tessera.task.TaskApi;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class JobApiTest {
    private final TaskApi api = new TaskApi();

    @Test
    void createsAJobWithDefaultsAndLocation() {
        var body = TaskApi.jobBody(3, 0.1);
        body.remove("leaseSeconds");
        body.remove("maxOverlap");
        String location = api.asClient().body(body).post("/api/v1/jobs").then().statusCode(201)
                .header("Location", startsWith("http")).body("state", equalTo("draft"))
                .body("maxOverlap", equalTo(3)).body("leaseSeconds", equalTo(600))
                .body("schema.labels", containsInAnyOrder("pos", "neg", "neutral"))
                .extract().header("Location");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        api.asClient().get("/api/v1/jobs/" + id).then().statusCode(200).body("id", equalTo(id.toString()))
                .body("progress.items", equalTo(0));
    }

    @Test
    void invalidJobIsA400NamingEachField() {
        Map<String, Object> body = Map.of("name", "", "overlap", 0, "goldRate", 1.5,
                "schema", Map.of("kind", "categorical", "labels", java.util.List.of("only")));
        api.asClient().body(body).post("/api/v1/jobs").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("name")).body("errors.field", hasItem("overlap"))
                .body("errors.field", hasItem("goldRate"));
        api.asClient().body(Map.of("name", "x", "overlap", 3,
                        "schema", Map.of("kind", "categorical", "labels", java.util.List.of("only"))))
                .post("/api/v1/jobs").then().statusCode(400).body("errors.field", hasItem("schema.labels"));
        api.asClient().body(Map.of("name", "x", "overlap", 3, "maxOverlap", 2,
                        "schema", Map.of("kind", "pictures", "labels", java.util.List.of("a", "b"))))
                .post("/api/v1/jobs").then().statusCode(400)
                .body("errors.field", hasItem("schema.kind")).body("errors.field", hasItem("maxOverlap"));
        api.asClient().body("{\"name\": \"x\", \"overlap\": \"three\"}").post("/api/v1/jobs").then().statusCode(400)
                .body("errors[0].field", equalTo("overlap"));
        api.asClient().body("{not json").post("/api/v1/jobs").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void anotherOrganisationsJobIsNotFound() {
        UUID job = api.createJob(TaskApi.jobBody(3, 0));
        TaskApi other = new TaskApi();
        other.asClient().get("/api/v1/jobs/" + job).then().statusCode(404).contentType("application/problem+json");
        other.asClient().post("/api/v1/jobs/" + job + "/start").then().statusCode(404);
        other.asClient().body("[{\"externalId\":\"a\",\"data\":{}}]").post("/api/v1/jobs/" + job + "/items")
                .then().statusCode(404);
        other.asClient().get("/api/v1/jobs/" + job + "/results").then().statusCode(404);
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/jobs/" + job).then().statusCode(200);
    }

    @Test
    void tokensAreCheckedAndRolesEnforced() {
        UUID job = api.createJob(TaskApi.jobBody(3, 0));
        String path = "/api/v1/jobs/" + job;
        UUID someone = UUID.randomUUID();
        given().get(path).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestJwt.expired(someone, Set.of("client"))).get(path).then().statusCode(401);
        given().auth().oauth2(TestJwt.wrongIssuer(someone, Set.of("client"))).get(path).then().statusCode(401);
        given().auth().oauth2(TestJwt.foreignKey(someone, Set.of("client"))).get(path).then().statusCode(401);
        given().auth().oauth2(TestJwt.tampered(someone)).get(path).then().statusCode(401);
        given().auth().oauth2(TestJwt.worker(someone)).get(path).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(TestJwt.worker(someone)).contentType(ContentType.JSON).body(TaskApi.jobBody(3, 0))
                .post("/api/v1/jobs").then().statusCode(403);
        given().auth().oauth2(TestJwt.client(UUID.randomUUID())).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/claims").then().statusCode(403);
    }

    @Test
    void lifecycleTransitions() {
        UUID job = api.createJob(TaskApi.jobBody(3, 0));
        String path = "/api/v1/jobs/" + job;
        api.asClient().post(path + "/start").then().statusCode(409).body("detail", endsWith("can start"));
        api.addItems(job, 2);
        api.asClient().post(path + "/pause").then().statusCode(409);
        api.asClient().post(path + "/start").then().statusCode(200).body("state", equalTo("running"))
                .body("progress.items", equalTo(2));
        api.asClient().post(path + "/pause").then().statusCode(200).body("state", equalTo("paused"));
        api.asClient().post(path + "/start").then().statusCode(200).body("state", equalTo("running"));
        api.asClient().post(path + "/cancel").then().statusCode(200).body("state", equalTo("cancelled"));
        api.asClient().post(path + "/start").then().statusCode(409);
        api.asClient().post(path + "/cancel").then().statusCode(409);
    }
}
