package io.tessera.worker.vendor;

import static io.restassured.RestAssured.given;
import static io.tessera.worker.TestData.PASSWORD;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.worker.Jwts;
import io.tessera.worker.TestData;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.MatcherAssert;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class VendorResourceTest {

    @Test
    void adminCreatesAVendorAndAManagerWhoSignsIn() {
        String name = TestData.unique("Floor Co");
        Response vendor = given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post("/api/v1/vendors");
        vendor.then().statusCode(201).body("name", equalTo(name));
        String vendorId = vendor.path("id");
        MatcherAssert.assertThat(vendor.header("Location"), endsWith("/api/v1/vendors/" + vendorId));

        String username = TestData.unique("mgr");
        Response manager = given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD, "displayName", "Floor lead"))
                .post("/api/v1/vendors/{id}/managers", vendorId);
        manager.then().statusCode(201)
                .body("username", equalTo(username))
                .body("displayName", equalTo("Floor lead"))
                .body("vendorId", equalTo(vendorId))
                .body("$", not(hasKey("passwordHash")));
        String managerId = manager.path("id");
        MatcherAssert.assertThat(manager.header("Location"),
                endsWith("/api/v1/vendors/" + vendorId + "/managers/" + managerId));

        String token = TestData.signIn(username, PASSWORD);
        given().auth().oauth2(token).get("/api/v1/vendors/{id}", vendorId)
                .then().statusCode(200).body("id", equalTo(vendorId));
        given().auth().oauth2(token).get("/api/v1/vendors/{id}/managers/{m}", vendorId, managerId)
                .then().statusCode(200).body("id", equalTo(managerId));
    }

    @Test
    void aManagerSeesOnlyTheirOwnVendor() {
        UUID mine = TestData.vendor();
        UUID theirs = TestData.vendor();
        String token = TestData.managerToken(mine);
        given().auth().oauth2(token).get("/api/v1/vendors/{id}", theirs).then().statusCode(403);
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/vendors/{id}", theirs).then().statusCode(200);

        String theirManager = Jwts.claims(TestData.signIn(TestData.manager(theirs), PASSWORD)).path("sub").asText();
        given().auth().oauth2(token).get("/api/v1/vendors/{id}/managers/{m}", theirs, theirManager)
                .then().statusCode(403);
        // asked for under the wrong vendor, the manager does not exist
        given().auth().oauth2(token).get("/api/v1/vendors/{id}/managers/{m}", mine, theirManager)
                .then().statusCode(404);
    }

    @Test
    void managersAreCreatedOnlyForExistingVendorsWithValidBodies() {
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(Map.of("username", TestData.unique("mgr"), "password", PASSWORD))
                .post("/api/v1/vendors/{id}/managers", UUID.randomUUID())
                .then().statusCode(404);
        UUID vendor = TestData.vendor();
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(Map.of("username", "-bad name-", "password", "short", "displayName", ""))
                .post("/api/v1/vendors/{id}/managers", vendor)
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("displayName", "password", "username"));
        String taken = TestData.manager(vendor);
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(Map.of("username", taken, "password", PASSWORD))
                .post("/api/v1/vendors/{id}/managers", vendor)
                .then().statusCode(409);
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(Map.of("name", ""))
                .post("/api/v1/vendors")
                .then().statusCode(400).body("errors.field", contains("name"));
    }

    @Test
    void unknownVendorIs404() {
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/vendors/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }
}
