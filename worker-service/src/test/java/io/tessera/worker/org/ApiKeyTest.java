package io.tessera.worker.org;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.worker.TestData;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.hamcrest.MatcherAssert;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class ApiKeyTest {
    @Inject
    DataSource dataSource;

    @Test
    void theKeyIsShownOnceAndOnlyItsHashIsStored() throws Exception {
        UUID org = TestData.org();
        Response created = given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "pipeline"))
                .post("/api/v1/orgs/{id}/api-keys", org);
        created.then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("orgId", equalTo(org.toString()))
                .body("name", equalTo("pipeline"))
                .body("createdAt", notNullValue());
        String id = created.path("id");
        String keyId = created.path("keyId");
        String apiKey = created.path("apiKey");
        assertTrue(apiKey.matches("tsk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}"), apiKey);
        assertEquals("tsk_" + keyId + "_", apiKey.substring(0, 21), "the key id is the key's visible prefix");
        MatcherAssert.assertThat(created.header("Location"),
                endsWith("/api/v1/orgs/" + org + "/api-keys/" + id));

        // Stored: the id and SHA-256(key); the key text appears nowhere in the row.
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT key_id, key_hash, api_key::text FROM api_key WHERE id = ?")) {
            q.setObject(1, UUID.fromString(id));
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(keyId, rs.getString(1));
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.US_ASCII)),
                        rs.getBytes(2));
                String secret = apiKey.substring(21);
                assertFalse(rs.getString(3).contains(secret), "the secret part is not stored");
            }
        }

        // Shown once: neither the listing nor the key's own resource repeats it.
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/orgs/{id}/api-keys", org)
                .then().statusCode(200)
                .body("id", contains(id))
                .body("keyId", contains(keyId))
                .body("[0]", not(hasKey("apiKey")));
        given().auth().oauth2(TestJwt.admin()).get(created.header("Location"))
                .then().statusCode(200).body("keyId", equalTo(keyId)).body("$", not(hasKey("apiKey")));
    }

    @Test
    void aKeyWithoutANameHasNone() {
        UUID org = TestData.org();
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).post("/api/v1/orgs/{id}/api-keys", org)
                .then().statusCode(201).body("name", nullValue()).body("apiKey", notNullValue());
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/orgs/{id}/api-keys", org)
                .then().statusCode(201).body("name", nullValue());
    }

    @Test
    void aClientListsAndRevokesItsOwnKeysButNotOthers() {
        UUID mine = TestData.org();
        UUID theirs = TestData.org();
        Map<String, String> myKey = TestData.apiKey(mine);
        Map<String, String> theirKey = TestData.apiKey(theirs);
        String client = TestData.signInWithKey(myKey.get("apiKey"));

        given().auth().oauth2(client).get("/api/v1/orgs/{id}/api-keys", mine)
                .then().statusCode(200).body("id", contains(myKey.get("id")));
        given().auth().oauth2(client).get("/api/v1/orgs/{id}/api-keys", theirs).then().statusCode(403);
        given().auth().oauth2(client).delete("/api/v1/orgs/{org}/api-keys/{id}", theirs, theirKey.get("id"))
                .then().statusCode(403);
        // a key of another organisation is not found under mine
        given().auth().oauth2(client).delete("/api/v1/orgs/{org}/api-keys/{id}", mine, theirKey.get("id"))
                .then().statusCode(404);
        TestData.signInWithKey(theirKey.get("apiKey"));

        given().auth().oauth2(client).delete("/api/v1/orgs/{org}/api-keys/{id}", mine, myKey.get("id"))
                .then().statusCode(204);
        given().auth().oauth2(client).delete("/api/v1/orgs/{org}/api-keys/{id}", mine, myKey.get("id"))
                .then().statusCode(204);
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/orgs/{org}/api-keys/{id}", mine, myKey.get("id"))
                .then().statusCode(200).body("revokedAt", notNullValue());
        given().contentType(ContentType.JSON).body(Map.of("apiKey", myKey.get("apiKey")))
                .post("/api/v1/auth/token").then().statusCode(401);
    }

    @Test
    void onlyAdminsCreateKeys() {
        UUID org = TestData.org();
        given().auth().oauth2(TestJwt.client(org)).post("/api/v1/orgs/{id}/api-keys", org)
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void keysOfOneOrganisationAreListedInOrder() {
        UUID org = TestData.org();
        String first = TestData.apiKey(org).get("id");
        String second = TestData.apiKey(org).get("id");
        given().auth().oauth2(TestJwt.client(org)).get("/api/v1/orgs/{id}/api-keys", org)
                .then().statusCode(200).body("id", contains(first, second)).body("orgId", hasItem(org.toString()));
    }

    @Test
    void aTooLongNameIs400() {
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(Map.of("name", "k".repeat(101)))
                .post("/api/v1/orgs/{id}/api-keys", TestData.org())
                .then().statusCode(400).body("errors.field", contains("name"));
    }
}
