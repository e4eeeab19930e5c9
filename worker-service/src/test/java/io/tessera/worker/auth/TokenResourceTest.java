package io.tessera.worker.auth;

import static io.restassured.RestAssured.given;
import static io.tessera.worker.TestData.PASSWORD;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.worker.Jwts;
import io.tessera.worker.TestData;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class TokenResourceTest {

    @Test
    void passwordSignInGivesAWorkerTokenWithTheRightClaims() {
        String username = TestData.unique("ana");
        UUID worker = TestData.worker(username, null);

        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD))
                .post("/api/v1/auth/token");
        response.then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(3600));
        String token = response.path("accessToken");

        JsonNode header = Jwts.header(token);
        assertEquals("RS256", header.path("alg").asText());
        JsonNode claims = Jwts.claims(token);
        assertEquals(TestJwt.ISSUER, claims.path("iss").asText());
        assertEquals(worker.toString(), claims.path("sub").asText());
        assertEquals(username.toLowerCase(), claims.path("upn").asText());
        assertEquals("[\"worker\"]", claims.path("groups").toString());
        assertTrue(claims.path("org").isMissingNode(), "a worker token has no org claim");
        assertTrue(claims.path("vendor").isMissingNode(), "a remote worker has no vendor claim");
        assertFalse(claims.path("jti").asText().isBlank());
        long iat = claims.path("iat").asLong();
        assertEquals(3600, claims.path("exp").asLong() - iat);
        assertTrue(Math.abs(Instant.now().getEpochSecond() - iat) < 120, "iat is now");

        // The service accepts its own token: signature, issuer and expiry verify with the public key.
        given().auth().oauth2(token).get("/api/v1/workers/me")
                .then().statusCode(200).body("id", equalTo(worker.toString()));
    }

    @Test
    void floorWorkerAndVendorManagerTokensCarryTheVendor() {
        UUID vendor = TestData.vendor();
        String workerName = TestData.unique("floor");
        TestData.worker(workerName, vendor);
        String manager = TestData.manager(vendor);

        JsonNode worker = Jwts.claims(TestData.signIn(workerName, PASSWORD));
        assertEquals("[\"worker\"]", worker.path("groups").toString());
        assertEquals(vendor.toString(), worker.path("vendor").asText());

        JsonNode managerClaims = Jwts.claims(TestData.signIn(manager, PASSWORD));
        assertEquals("[\"vendor\"]", managerClaims.path("groups").toString());
        assertEquals(vendor.toString(), managerClaims.path("vendor").asText());
        assertTrue(managerClaims.path("org").isMissingNode());
    }

    @Test
    void apiKeySignInGivesAClientTokenForTheOrganisation() {
        UUID org = TestData.org();
        Map<String, String> key = TestData.apiKey(org);

        String token = TestData.signInWithKey(key.get("apiKey"));

        JsonNode claims = Jwts.claims(token);
        assertEquals("[\"client\"]", claims.path("groups").toString());
        assertEquals(org.toString(), claims.path("org").asText());
        assertEquals(key.get("id"), claims.path("sub").asText());
        assertEquals("apikey:" + key.get("keyId"), claims.path("upn").asText());
        assertEquals(TestJwt.ISSUER, claims.path("iss").asText());
        assertEquals(3600, claims.path("exp").asLong() - claims.path("iat").asLong());
        // and the token opens the organisation it names
        given().auth().oauth2(token).get("/api/v1/orgs/{id}", org).then().statusCode(200);
    }

    @Test
    void theAdminFromConfigurationSignsIn() {
        JsonNode claims = Jwts.claims(TestData.signIn(TestData.ADMIN_USERNAME, TestData.ADMIN_PASSWORD));
        assertEquals("[\"admin\"]", claims.path("groups").toString());
        assertTrue(claims.path("org").isMissingNode());
        assertTrue(claims.path("vendor").isMissingNode());
    }

    @Test
    void usernamesAreCaseInsensitive() {
        String username = TestData.unique("Mixed");
        UUID worker = TestData.worker(username, null);
        assertEquals(worker.toString(), Jwts.claims(TestData.signIn(username.toUpperCase(), PASSWORD)).path("sub").asText());
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        String username = TestData.unique("bea");
        TestData.worker(username, null);

        Map<String, Object> wrongPassword = refused(Map.of("username", username, "password", "not the password"));
        Map<String, Object> unknownUser = refused(Map.of("username", TestData.unique("nobody"), "password", PASSWORD));

        assertEquals(wrongPassword, unknownUser, "the body must not tell which part was wrong");
        assertEquals("urn:tessera:problem:unauthorized", wrongPassword.get("type"));
    }

    @Test
    void deactivatedWorkerCannotSignIn() {
        String username = TestData.unique("gone");
        UUID worker = TestData.worker(username, null);
        TestData.signIn(username, PASSWORD);

        given().auth().oauth2(TestJwt.admin()).post("/api/v1/workers/{id}/deactivate", worker)
                .then().statusCode(200).body("active", is(false));
        Map<String, Object> body = refused(Map.of("username", username, "password", PASSWORD));
        assertEquals("Invalid credentials", body.get("detail"));

        given().auth().oauth2(TestJwt.admin()).post("/api/v1/workers/{id}/activate", worker)
                .then().statusCode(200).body("active", is(true));
        TestData.signIn(username, PASSWORD);
    }

    @Test
    void unknownMalformedAndRevokedKeysAreRefusedAlike() {
        UUID org = TestData.org();
        Map<String, String> key = TestData.apiKey(org);
        String apiKey = key.get("apiKey");
        // same key id, different secret
        String forged = apiKey.substring(0, apiKey.length() - 4) + (apiKey.endsWith("AAAA") ? "BBBB" : "AAAA");

        Map<String, Object> malformed = refused(Map.of("apiKey", "tsk_not-a-key"));
        Map<String, Object> wrongSecret = refused(Map.of("apiKey", forged));
        Map<String, Object> unknown = refused(Map.of("apiKey", "tsk_0123456789abcdef_" + "A".repeat(43)));
        assertEquals(malformed, wrongSecret);
        assertEquals(malformed, unknown);

        TestData.signInWithKey(apiKey);
        given().auth().oauth2(TestJwt.admin()).delete("/api/v1/orgs/{org}/api-keys/{id}", org, key.get("id"))
                .then().statusCode(204);
        assertEquals(malformed, refused(Map.of("apiKey", apiKey)));
    }

    @Test
    void badBodiesAre400WithFieldErrors() {
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/auth/token")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("username", "password"));

        given().contentType(ContentType.JSON)
                .body(Map.of("username", "someone", "password", PASSWORD, "apiKey", "tsk_x"))
                .post("/api/v1/auth/token")
                .then().statusCode(400).body("errors.field", contains("apiKey"));

        given().contentType(ContentType.JSON).body(Map.of("username", "someone"))
                .post("/api/v1/auth/token")
                .then().statusCode(400).body("errors.field", contains("password"));

        given().contentType(ContentType.JSON).body(Map.of("username", "x".repeat(300), "password", PASSWORD))
                .post("/api/v1/auth/token")
                .then().statusCode(400).body("errors.field", contains("username"));

        given().contentType(ContentType.JSON).body(Map.of("user", "someone", "password", PASSWORD))
                .post("/api/v1/auth/token")
                .then().statusCode(400).body("errors", hasSize(1)).body("errors[0].field", equalTo("user"));

        given().contentType(ContentType.JSON).body("{\"username\": ").post("/api/v1/auth/token")
                .then().statusCode(400).contentType("application/problem+json");

        given().contentType(ContentType.JSON).post("/api/v1/auth/token")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void refusedSignInLeaksNoToken() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", TestData.unique("nobody"), "password", PASSWORD))
                .post("/api/v1/auth/token")
                .then().statusCode(401).contentType("application/problem+json")
                .body("accessToken", nullValue());
    }

    private static Map<String, Object> refused(Map<String, String> body) {
        return given().contentType(ContentType.JSON).body(body)
                .post("/api/v1/auth/token")
                .then().statusCode(401).contentType("application/problem+json")
                .extract().jsonPath().getMap("");
    }
}
