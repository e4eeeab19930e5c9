package io.tessera.worker;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.tessera.testkit.TestJwt;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builders for test data, made through the public API so every test starts from states the service
 * itself produced. Names are unique per call, so tests do not depend on each other or on order.
 */
public final class TestData {
    public static final String PASSWORD = "correct horse battery";
    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "tessera-test-admin";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private TestData() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static UUID org() {
        return UUID.fromString(given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", unique("org")))
                .post("/api/v1/orgs")
                .then().statusCode(201).extract().path("id"));
    }

    /** A new key of {@code org}: {@code apiKey} (the secret, shown once), {@code id}, {@code keyId}. */
    public static Map<String, String> apiKey(UUID org) {
        return given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "ci"))
                .post("/api/v1/orgs/{id}/api-keys", org)
                .then().statusCode(201).extract().jsonPath().getMap("", String.class, String.class);
    }

    public static UUID vendor() {
        return UUID.fromString(given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", unique("vendor")))
                .post("/api/v1/vendors")
                .then().statusCode(201).extract().path("id"));
    }

    /** Creates a vendor manager of {@code vendor}; returns their username (password {@link #PASSWORD}). */
    public static String manager(UUID vendor) {
        String username = unique("manager");
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD, "displayName", "Manager " + username))
                .post("/api/v1/vendors/{id}/managers", vendor)
                .then().statusCode(201);
        return username;
    }

    /** A token as a vendor manager of {@code vendor} (minted by the test kit, not signed in). */
    public static String managerToken(UUID vendor) {
        return TestJwt.token(UUID.randomUUID(), Set.of("vendor"), Map.of("vendor", vendor.toString()));
    }

    public static Map<String, Object> workerBody(String username) {
        Map<String, Object> body = new HashMap<>();
        body.put("username", username);
        body.put("password", PASSWORD);
        body.put("displayName", "Worker " + username);
        body.put("languages", List.of("en", "pt-BR"));
        body.put("country", "PT");
        return body;
    }

    /** Creates a worker as admin, on {@code vendor}'s floor when not null; returns the worker id. */
    public static UUID worker(String username, UUID vendor) {
        Map<String, Object> body = workerBody(username);
        if (vendor != null) {
            body.put("vendorId", vendor.toString());
        }
        return UUID.fromString(given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/workers")
                .then().statusCode(201).extract().path("id"));
    }

    /** Signs in and returns the access token; fails the test unless the answer is 200. */
    public static String signIn(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .post("/api/v1/auth/token")
                .then().statusCode(200).extract().path("accessToken");
    }

    public static String signInWithKey(String apiKey) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("apiKey", apiKey))
                .post("/api/v1/auth/token")
                .then().statusCode(200).extract().path("accessToken");
    }

    /** Defines a qualification without an exam as admin; returns its id. */
    public static UUID qualification(String name) {
        return UUID.fromString(given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post("/api/v1/qualifications")
                .then().statusCode(201).extract().path("id"));
    }

    /** A qualification name no other test uses. */
    public static String qualificationName(String prefix) {
        return unique(prefix).toLowerCase();
    }
}
