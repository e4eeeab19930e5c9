package io.tessera.worker.org;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.worker.TestData;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.MatcherAssert;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class OrgResourceTest {

    @Test
    void adminCreatesAnOrganisationAndReadsItBack() {
        String name = TestData.unique("Acme Vision");
        Response created = given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "  " + name + " "))
                .post("/api/v1/orgs");
        created.then().statusCode(201)
                .body("id", notNullValue())
                .body("name", equalTo(name))
                .body("createdAt", notNullValue());
        String id = created.path("id");
        String location = created.header("Location");
        MatcherAssert.assertThat(location, endsWith("/api/v1/orgs/" + id));

        given().auth().oauth2(TestJwt.admin()).get(location)
                .then().statusCode(200).body("id", equalTo(id)).body("name", equalTo(name))
                .body("createdAt", equalTo(created.path("createdAt")));
    }

    @Test
    void aClientSeesItsOwnOrganisationOnly() {
        UUID mine = TestData.org();
        UUID theirs = TestData.org();
        given().auth().oauth2(TestJwt.client(mine)).get("/api/v1/orgs/{id}", mine)
                .then().statusCode(200).body("id", equalTo(mine.toString()));
        given().auth().oauth2(TestJwt.client(mine)).get("/api/v1/orgs/{id}", theirs)
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void unknownOrganisationIs404() {
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/orgs/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:tessera:problem:not-found"));
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/orgs/{id}/api-keys", UUID.randomUUID())
                .then().statusCode(404);
    }

    @Test
    void badBodiesAre400WithFieldErrors() {
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(Map.of("name", " "))
                .post("/api/v1/orgs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("name"));
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(Map.of("name", "x".repeat(201)))
                .post("/api/v1/orgs")
                .then().statusCode(400).body("errors.field", contains("name"));
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/orgs")
                .then().statusCode(400).body("errors.field", contains("name"));
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .post("/api/v1/orgs")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/orgs/not-a-uuid")
                .then().statusCode(404);
    }
}
