package io.tessera.worker.vendor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.worker.TestData;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A vendor restricts its workers' sign-in to the floor's networks (the test profile trusts X-Forwarded-For). */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class VendorNetworksTest {

    @Test
    void floorWorkersSignInOnlyFromTheFloorsNetworks() {
        UUID vendor = TestData.vendor();
        String username = TestData.unique("onsite");
        TestData.worker(username, vendor);
        String remote = TestData.unique("athome");
        TestData.worker(remote, null);
        String elsewhere = TestData.unique("otherfloor");
        TestData.worker(elsewhere, TestData.vendor());

        networks(TestData.managerToken(vendor), vendor, List.of("203.0.113.0/24", "2001:DB8::/32", "203.0.113.0/24"))
                .then().statusCode(200)
                .body("networks", contains("203.0.113.0/24", "2001:db8:0:0:0:0:0:0/32"));
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/vendors/{id}", vendor).then()
                .body("networks", hasSize(2));

        signIn(username, "203.0.113.9").then().statusCode(200);
        signIn(username, "2001:db8:1::5").then().statusCode(200);
        Response outside = signIn(username, "198.51.100.1");
        outside.then().statusCode(401).body("detail", equalTo("Invalid credentials"));
        signIn(username, null).then().statusCode(401); // the test client's own address, 127.0.0.1
        // nobody else is affected
        signIn(remote, "198.51.100.1").then().statusCode(200);
        signIn(elsewhere, "198.51.100.1").then().statusCode(200);

        // lifting the restriction
        networks(TestJwt.admin(), vendor, List.of()).then().statusCode(200).body("networks", hasSize(0));
        signIn(username, "198.51.100.1").then().statusCode(200);
    }

    @Test
    void onlyNetworksInCidrNotationFromTheVendorsManagersOrAdmins() {
        UUID vendor = TestData.vendor();
        networks(TestJwt.admin(), vendor, List.of("10.0.0.0/8", "10.0.0.1/8")).then().statusCode(400)
                .body("errors.field", contains("networks[1]"));
        networks(TestJwt.admin(), vendor, List.of("example.com/24")).then().statusCode(400);
        networks(TestJwt.admin(), vendor, List.of("10.0.0.0/33")).then().statusCode(400);
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(Map.of())
                .put("/api/v1/vendors/{id}/networks", vendor).then().statusCode(400);
        networks(TestData.managerToken(TestData.vendor()), vendor, List.of("10.0.0.0/8")).then().statusCode(403);
        networks(TestJwt.admin(), UUID.randomUUID(), List.of("10.0.0.0/8")).then().statusCode(404);
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/vendors/{id}", vendor).then().body("networks", hasSize(0));
    }

    private static Response networks(String token, UUID vendor, List<String> networks) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("networks", networks))
                .put("/api/v1/vendors/{id}/networks", vendor);
    }

    private static Response signIn(String username, String address) {
        var spec = given().contentType(ContentType.JSON);
        if (address != null) {
            spec = spec.header("X-Forwarded-For", address);
        }
        return spec.body(Map.of("username", username, "password", TestData.PASSWORD)).post("/api/v1/auth/token");
    }
}
