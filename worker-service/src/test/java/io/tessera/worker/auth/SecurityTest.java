package io.tessera.worker.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.worker.TestData;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every secured endpoint refuses a request without a valid token (401) and a token of the wrong
 * role (403), both as problem+json. Resource ids are random: authentication and role checks come
 * before any lookup, so the answer does not depend on them.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class SecurityTest {
    private static final UUID SOMEONE = UUID.randomUUID();

    /** method, path, a body that would be valid, and a role that is not allowed. */
    static Stream<Arguments> endpoints() {
        Map<String, Object> worker = TestData.workerBody("someone");
        Map<String, String> named = Map.of("name", "x");
        Map<String, String> manager = Map.of("username", "someone", "password", TestData.PASSWORD);
        String id = UUID.randomUUID().toString();
        return Stream.of(
                Arguments.of("POST", "/api/v1/orgs", named, "client"),
                Arguments.of("GET", "/api/v1/orgs/" + id, null, "worker"),
                Arguments.of("POST", "/api/v1/orgs/" + id + "/api-keys", named, "client"),
                Arguments.of("GET", "/api/v1/orgs/" + id + "/api-keys", null, "vendor"),
                Arguments.of("GET", "/api/v1/orgs/" + id + "/api-keys/" + id, null, "worker"),
                Arguments.of("DELETE", "/api/v1/orgs/" + id + "/api-keys/" + id, null, "worker"),
                Arguments.of("POST", "/api/v1/vendors", named, "vendor"),
                Arguments.of("GET", "/api/v1/vendors/" + id, null, "client"),
                Arguments.of("POST", "/api/v1/vendors/" + id + "/managers", manager, "vendor"),
                Arguments.of("GET", "/api/v1/vendors/" + id + "/managers/" + id, null, "worker"),
                Arguments.of("POST", "/api/v1/workers", worker, "worker"),
                Arguments.of("POST", "/api/v1/workers", worker, "client"),
                Arguments.of("GET", "/api/v1/workers/me", null, "admin"),
                Arguments.of("GET", "/api/v1/workers/me", null, "vendor"),
                Arguments.of("GET", "/api/v1/workers/" + id, null, "client"),
                Arguments.of("POST", "/api/v1/workers/" + id + "/deactivate", null, "worker"),
                Arguments.of("POST", "/api/v1/workers/" + id + "/activate", null, "client"),
                Arguments.of("PUT", "/api/v1/workers/" + id + "/vendor", Map.of("vendorId", id), "vendor"),
                Arguments.of("POST", "/api/v1/workers/" + id + "/blocks", Map.of("scope", "platform", "reason", "x"), "worker"),
                Arguments.of("GET", "/api/v1/workers/" + id + "/blocks", null, "worker"),
                Arguments.of("GET", "/api/v1/workers/" + id + "/blocks/" + id, null, "worker"),
                Arguments.of("DELETE", "/api/v1/workers/" + id + "/blocks/" + id, null, "worker"),
                Arguments.of("POST", "/api/v1/qualifications", Map.of("name", "x"), "vendor"),
                Arguments.of("POST", "/api/v1/qualifications", Map.of("name", "x"), "worker"),
                Arguments.of("POST", "/api/v1/workers/" + id + "/qualifications", Map.of("qualificationId", id), "client"),
                Arguments.of("DELETE", "/api/v1/workers/" + id + "/qualifications/" + id, null, "vendor"),
                Arguments.of("GET", "/api/v1/workers/" + id + "/qualifications", null, "client"),
                Arguments.of("GET", "/api/v1/workers/" + id + "/exams", null, "client"),
                Arguments.of("GET", "/api/v1/workers/me/qualifications", null, "admin"),
                Arguments.of("GET", "/api/v1/workers/me/exams", null, "vendor"),
                Arguments.of("GET", "/api/v1/workers/me/earnings", null, "admin"),
                Arguments.of("GET", "/api/v1/workers/me/earnings/entries", null, "client"),
                Arguments.of("GET", "/api/v1/workers/" + id + "/earnings", null, "client"),
                Arguments.of("GET", "/api/v1/workers/" + id + "/earnings/entries", null, "client"),
                Arguments.of("GET", "/api/v1/workers/" + id + "/earnings/entries/1", null, "client"),
                Arguments.of("POST", "/api/v1/workers/" + id + "/bonuses", Map.of("jobId", id, "amountCents", 1), "admin"),
                Arguments.of("POST", "/api/v1/workers/" + id + "/bonuses", Map.of("jobId", id, "amountCents", 1), "vendor"),
                Arguments.of("POST", "/api/v1/workers/" + id + "/adjustments", Map.of("amountCents", 1, "reason", "x"), "client"),
                Arguments.of("POST", "/api/v1/workers/" + id + "/adjustments", Map.of("amountCents", 1, "reason", "x"), "vendor"),
                Arguments.of("GET", "/api/v1/vendors/" + id + "/earnings", null, "worker"),
                Arguments.of("GET", "/api/v1/payouts?from=2026-01-01&to=2026-02-01", null, "vendor"),
                Arguments.of("GET", "/api/v1/payouts?from=2026-01-01&to=2026-02-01", null, "client"),
                Arguments.of("GET", "/api/v1/fraud-signals", null, "client"),
                Arguments.of("GET", "/api/v1/fraud-signals", null, "worker"),
                Arguments.of("GET", "/api/v1/workers/" + id + "/fraud-signals", null, "worker"),
                Arguments.of("GET", "/api/v1/workers/" + id + "/fraud-signals", null, "client"),
                Arguments.of("GET", "/api/v1/vendors/" + id + "/floor", null, "client"),
                Arguments.of("GET", "/api/v1/vendors/" + id + "/floor", null, "worker"),
                Arguments.of("GET", "/api/v1/orgs/" + id + "/jobs/" + id + "/workers", null, "vendor"),
                Arguments.of("GET", "/api/v1/orgs/" + id + "/jobs/" + id + "/workers", null, "worker"),
                Arguments.of("PUT", "/api/v1/vendors/" + id + "/networks", Map.of("networks", List.of()), "worker"),
                Arguments.of("PUT", "/api/v1/vendors/" + id + "/networks", Map.of("networks", List.of()), "client"),
                Arguments.of("POST", "/api/v1/vendors/" + id + "/workers", List.of(Map.of("username", "bulk-x")), "worker"),
                Arguments.of("POST", "/api/v1/vendors/" + id + "/workers", List.of(Map.of("username", "bulk-x")), "client"),
                Arguments.of("POST", "/api/v1/vendors/" + id + "/workers/deactivate", List.of(Map.of("id", id)), "worker"),
                Arguments.of("POST", "/api/v1/vendors/" + id + "/workers/activate", List.of(Map.of("id", id)), "client"),
                Arguments.of("POST", "/api/v1/vendors/" + id + "/teams", Map.of("name", "x"), "worker"),
                Arguments.of("GET", "/api/v1/vendors/" + id + "/teams", null, "client"),
                Arguments.of("GET", "/api/v1/vendors/" + id + "/teams/" + id, null, "worker"),
                Arguments.of("PUT", "/api/v1/vendors/" + id + "/teams/" + id, Map.of("name", "x"), "client"),
                Arguments.of("DELETE", "/api/v1/vendors/" + id + "/teams/" + id, null, "worker"),
                Arguments.of("POST", "/api/v1/vendors/" + id + "/teams/" + id + "/members", Map.of("workerIds", List.of(id)), "client"),
                Arguments.of("DELETE", "/api/v1/vendors/" + id + "/teams/" + id + "/members/" + id, null, "worker"),
                Arguments.of("GET", "/api/v1/workers/" + id + "/skills", null, "client"),
                Arguments.of("POST", "/api/v1/workers/" + id + "/sign-up-code", null, "client"),
                Arguments.of("PATCH", "/api/v1/workers/" + id, Map.of("country", "DE"), "client"),
                Arguments.of("PATCH", "/api/v1/workers/me", Map.of("country", "DE"), "vendor"),
                Arguments.of("PUT", "/api/v1/workers/" + id + "/skills/categorical", Map.of("level", 0.5), "vendor"),
                Arguments.of("DELETE", "/api/v1/workers/" + id + "/skills/categorical", null, "worker"),
                Arguments.of("GET", "/api/v1/jobs/" + id + "/pay", null, "vendor"),
                Arguments.of("PUT", "/api/v1/jobs/" + id + "/fair-pay", Map.of("fairPayCentsPerHour", 1), "worker"),
                Arguments.of("GET", "/api/v1/orgs/" + id + "/fair-pay", null, "worker"),
                Arguments.of("PUT", "/api/v1/orgs/" + id + "/fair-pay", Map.of("fairPayCentsPerHour", 1), "vendor"));
    }

    @ParameterizedTest(name = "{0} {1} without a token")
    @MethodSource("endpoints")
    void missingToken(String method, String path, Object body, String wrongRole) {
        unauthorized(request(body), method, path);
    }

    @ParameterizedTest(name = "{0} {1} with a bad token")
    @MethodSource("endpoints")
    void invalidTokens(String method, String path, Object body, String wrongRole) {
        Set<String> admin = Set.of("admin");
        unauthorized(request(body).auth().oauth2(TestJwt.expired(SOMEONE, admin)), method, path);
        unauthorized(request(body).auth().oauth2(TestJwt.wrongIssuer(SOMEONE, admin)), method, path);
        unauthorized(request(body).auth().oauth2(TestJwt.foreignKey(SOMEONE, admin)), method, path);
        unauthorized(request(body).auth().oauth2(TestJwt.tampered(SOMEONE)), method, path);
        unauthorized(request(body).auth().oauth2("not-a-jwt"), method, path);
        unauthorized(request(body).header("Authorization", "Basic YWRtaW46YWRtaW4="), method, path);
    }

    @ParameterizedTest(name = "{0} {1} as {3}")
    @MethodSource("endpoints")
    void wrongRole(String method, String path, Object body, String wrongRole) {
        Map<String, Object> claims = switch (wrongRole) {
            case "client" -> Map.of("org", UUID.randomUUID().toString());
            case "vendor" -> Map.of("vendor", UUID.randomUUID().toString());
            default -> Map.of();
        };
        request(body).auth().oauth2(TestJwt.token(UUID.randomUUID(), Set.of(wrongRole), claims))
                .request(method, path)
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:tessera:problem:forbidden"));
    }

    private static RequestSpecification request(Object body) {
        RequestSpecification spec = given();
        return body == null ? spec : spec.contentType(ContentType.JSON).body(body);
    }

    private static void unauthorized(RequestSpecification spec, String method, String path) {
        spec.request(method, path)
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("urn:tessera:problem:unauthorized"))
                .body("status", equalTo(401));
    }
}
