package io.tessera.worker.worker;

import static io.restassured.RestAssured.given;
import static io.tessera.worker.TestData.PASSWORD;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.hamcrest.MatcherAssert;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class WorkerResourceTest {
    @Inject
    DataSource dataSource;

    @Test
    void adminCreatesAWorkerWhoReadsTheirOwnProfile() throws Exception {
        String username = TestData.unique("Carla");
        Map<String, Object> body = TestData.workerBody(username);
        Response created = given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/workers");
        created.then().statusCode(201)
                .body("username", equalTo(username.toLowerCase()))
                .body("displayName", equalTo("Worker " + username))
                .body("languages", contains("en", "pt-BR"))
                .body("country", equalTo("PT"))
                .body("vendorId", nullValue())
                .body("active", is(true))
                .body("$", not(hasKey("password")))
                .body("$", not(hasKey("passwordHash")));
        String id = created.path("id");
        MatcherAssert.assertThat(created.header("Location"), endsWith("/api/v1/workers/" + id));

        String token = TestData.signIn(username, PASSWORD);
        Response me = given().auth().oauth2(token).get("/api/v1/workers/me");
        me.then().statusCode(200)
                .body("id", equalTo(id))
                .body("username", equalTo(username.toLowerCase()))
                .body("languages", contains("en", "pt-BR"))
                .body("$", not(hasKey("passwordHash")));
        assertFalse(me.asString().contains("pbkdf2"), "no hash in the profile");
        assertFalse(me.asString().contains(PASSWORD), "no password in the profile");

        // stored as a PBKDF2 hash with a per-account salt, never the password
        String stored = passwordHash(UUID.fromString(id));
        String[] parts = stored.split("\\$");
        assertEquals("pbkdf2-sha256", parts[0]);
        assertTrue(Integer.parseInt(parts[1]) >= 210_000);
        assertFalse(stored.contains(PASSWORD));
    }

    @Test
    void aWorkerSeesTheirOwnProfileButNotOthers() {
        String username = TestData.unique("dina");
        UUID dina = TestData.worker(username, null);
        UUID other = TestData.worker(TestData.unique("eli"), null);
        String token = TestData.signIn(username, PASSWORD);

        given().auth().oauth2(token).get("/api/v1/workers/{id}", dina).then().statusCode(200);
        given().auth().oauth2(token).get("/api/v1/workers/{id}", other).then().statusCode(403);
        given().auth().oauth2(token).post("/api/v1/workers/{id}/deactivate", dina).then().statusCode(403);
    }

    @Test
    void meForATokenWithoutAWorkerIs404() {
        given().auth().oauth2(TestJwt.worker(UUID.randomUUID())).get("/api/v1/workers/me")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void duplicateUsernameIs409EvenInAnotherCase() {
        String username = TestData.unique("fay");
        TestData.worker(username, null);
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(TestData.workerBody(username.toUpperCase()))
                .post("/api/v1/workers")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:tessera:problem:conflict"));
        // also against a vendor manager's username: one namespace for every account
        String manager = TestData.manager(TestData.vendor());
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(TestData.workerBody(manager))
                .post("/api/v1/workers")
                .then().statusCode(409);
    }

    @Test
    void concurrentCreationsOfOneUsernameMakeOneWorker() throws Exception {
        String username = TestData.unique("race");
        String admin = TestJwt.admin();
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                calls.add(() -> given().auth().oauth2(admin).contentType(ContentType.JSON)
                        .body(TestData.workerBody(username))
                        .post("/api/v1/workers").statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(threads - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, count("SELECT count(*) FROM account WHERE username = ?", username.toLowerCase()));
    }

    @Test
    void badBodiesAre400WithFieldErrors() {
        Map<String, Object> body = Map.of(
                "username", "x",
                "password", "short",
                "displayName", " ",
                "languages", List.of("English"),
                "country", "Portugal");
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/workers")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:tessera:problem:validation"))
                .body("errors.field", containsInAnyOrder("country", "displayName", "languages[0]",
                        "password", "username"));

        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/workers")
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("displayName", "password", "username"));

        Map<String, Object> unknownCountry = TestData.workerBody(TestData.unique("gil"));
        unknownCountry.put("country", "XX");
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(unknownCountry)
                .post("/api/v1/workers")
                .then().statusCode(400).body("errors.field", contains("country"));

        Map<String, Object> misspelt = TestData.workerBody(TestData.unique("hal"));
        misspelt.put("vendor_id", UUID.randomUUID().toString());
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(misspelt)
                .post("/api/v1/workers")
                .then().statusCode(400).body("errors.field", contains("vendor_id"));

        Map<String, Object> notAUuid = TestData.workerBody(TestData.unique("ida"));
        notAUuid.put("vendorId", "acme");
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(notAUuid)
                .post("/api/v1/workers")
                .then().statusCode(400).body("errors.field", contains("vendorId"));
    }

    @Test
    void aVendorThatDoesNotExistIs400() {
        Map<String, Object> body = TestData.workerBody(TestData.unique("jo"));
        body.put("vendorId", UUID.randomUUID().toString());
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/workers")
                .then().statusCode(400).body("errors.field", contains("vendorId"))
                .body("detail", containsString("vendorId"));
    }

    @Test
    void aVendorManagerCreatesWorkersForTheirOwnVendorOnly() {
        UUID vendor = TestData.vendor();
        UUID otherVendor = TestData.vendor();
        String manager = TestData.signIn(TestData.manager(vendor), PASSWORD);

        // no vendorId: the manager's own vendor
        given().auth().oauth2(manager).contentType(ContentType.JSON).body(TestData.workerBody(TestData.unique("kai")))
                .post("/api/v1/workers")
                .then().statusCode(201).body("vendorId", equalTo(vendor.toString()));

        Map<String, Object> own = TestData.workerBody(TestData.unique("lia"));
        own.put("vendorId", vendor.toString());
        String ownId = given().auth().oauth2(manager).contentType(ContentType.JSON).body(own)
                .post("/api/v1/workers")
                .then().statusCode(201).body("vendorId", equalTo(vendor.toString())).extract().path("id");

        String otherName = TestData.unique("max");
        Map<String, Object> other = TestData.workerBody(otherName);
        other.put("vendorId", otherVendor.toString());
        given().auth().oauth2(manager).contentType(ContentType.JSON).body(other)
                .post("/api/v1/workers")
                .then().statusCode(403).contentType("application/problem+json");
        // nothing was created
        given().contentType(ContentType.JSON).body(Map.of("username", otherName, "password", PASSWORD))
                .post("/api/v1/auth/token").then().statusCode(401);

        // the manager reads and deactivates their own workers, not other vendors' or remote ones
        given().auth().oauth2(manager).get("/api/v1/workers/{id}", ownId).then().statusCode(200);
        given().auth().oauth2(manager).post("/api/v1/workers/{id}/deactivate", ownId)
                .then().statusCode(200).body("active", is(false));
        UUID foreign = TestData.worker(TestData.unique("ned"), otherVendor);
        UUID remote = TestData.worker(TestData.unique("ola"), null);
        given().auth().oauth2(manager).get("/api/v1/workers/{id}", foreign).then().statusCode(403);
        given().auth().oauth2(manager).post("/api/v1/workers/{id}/deactivate", foreign).then().statusCode(403);
        given().auth().oauth2(manager).get("/api/v1/workers/{id}", remote).then().statusCode(403);
    }

    @Test
    void aVendorTokenWithoutAVendorClaimCannotCreateWorkers() {
        String token = TestJwt.token(UUID.randomUUID(), java.util.Set.of("vendor"), Map.of());
        given().auth().oauth2(token).contentType(ContentType.JSON).body(TestData.workerBody(TestData.unique("pia")))
                .post("/api/v1/workers")
                .then().statusCode(403);
    }

    @Test
    void unknownWorkerIs404() {
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}", UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(TestJwt.admin()).post("/api/v1/workers/{id}/deactivate", UUID.randomUUID())
                .then().statusCode(404);
    }

    private String passwordHash(UUID id) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT password_hash FROM account WHERE id = ?")) {
            q.setObject(1, id);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }

    private long count(String sql, String arg) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, arg);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
