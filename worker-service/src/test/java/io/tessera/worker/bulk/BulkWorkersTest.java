package io.tessera.worker.bulk;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.tessera.common.event.EventEnvelope;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.worker.TestData;
import io.tessera.worker.TestEvents;
import io.tessera.worker.status.WorkerStatusEvents;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Bulk creation and (de)activation of a vendor's workers, and redeeming one-time sign-up codes. */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class BulkWorkersTest {
    @Inject
    DataSource dataSource;

    @Test
    void aManagerCreatesWorkersFromCsvWithPasswordsAndSignUpCodes() {
        UUID vendor = TestData.vendor();
        String ana = TestData.unique("Ana");
        String bo = TestData.unique("bo");
        String cy = TestData.unique("cy");
        String csv = "username,password,display_name,languages,country\r\n"
                + ana + ",ana password,\"Silva, Ana\",en;pt-BR,br\r\n"
                + bo + ",,Bo,,\r\n"
                + "\r\n"
                + cy + ",,\"Cy \"\"the\"\" Third\",\"de, en\",DE\r\n";
        Response created = given().auth().oauth2(TestData.managerToken(vendor)).contentType("text/csv").body(csv)
                .post("/api/v1/vendors/{id}/workers", vendor);
        created.then().statusCode(201).contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("vendorId", equalTo(vendor.toString()))
                .body("created", equalTo(3))
                .body("signUpCodes", equalTo(2))
                .body("workers.username", org.hamcrest.Matchers.contains(ana.toLowerCase(), bo.toLowerCase(), cy.toLowerCase()))
                .body("workers[0].displayName", equalTo("Silva, Ana"))
                .body("workers[0].languages", org.hamcrest.Matchers.contains("en", "pt-BR"))
                .body("workers[0].country", equalTo("BR"))
                .body("workers[0].signUpCode", nullValue())
                .body("workers[1].displayName", equalTo("Bo"))
                .body("workers[1].country", nullValue())
                .body("workers[2].displayName", equalTo("Cy \"the\" Third"))
                .body("workers[2].languages", org.hamcrest.Matchers.contains("de", "en"));
        JsonPath body = created.jsonPath();
        String boCode = body.getString("workers[1].signUpCode");
        assertThat(boCode).matches("[A-Z2-9]{4}(-[A-Z2-9]{4}){4}");
        assertThat(body.getString("workers[1].signUpCodeExpiresAt")).isNotNull();

        // the password row signs in at once; the code rows cannot sign in until they redeem the code
        TestData.signIn(ana, "ana password");
        signInStatus(bo, boCode, 401);

        // redeeming: lower case and without dashes is the same code; the answer is a token
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("username", bo.toUpperCase(), "code", boCode.toLowerCase().replace("-", ""), "password", "bo's own password"))
                .post("/api/v1/auth/sign-up")
                .then().statusCode(200).header("Cache-Control", "no-store").extract().path("accessToken");
        given().auth().oauth2(token).get("/api/v1/workers/me").then().statusCode(200)
                .body("username", equalTo(bo.toLowerCase())).body("vendorId", equalTo(vendor.toString()));
        TestData.signIn(bo, "bo's own password");
        // once only
        signUpStatus(bo, boCode, "another password", 401);
        TestData.signIn(bo, "bo's own password");

        // every worker is announced to task-service with its vendor, active
        UUID cyId = UUID.fromString(body.getString("workers[2].id"));
        EventEnvelope event = TestEvents.awaitStatus(cyId, WorkerStatusEvents.UPDATED, e -> true);
        assertThat(event.payload().path("vendorId").asText()).isEqualTo(vendor.toString());
        assertThat(event.payload().path("active").asBoolean()).isTrue();
        assertThat(count("SELECT count(*) FROM account WHERE vendor_id = ?", vendor)).isEqualTo(3);
    }

    @Test
    void anAdminCreatesForAnyVendorFromJson() {
        UUID vendor = TestData.vendor();
        String dee = TestData.unique("dee");
        String eve = TestData.unique("Eve");
        String id = given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(List.of(Map.of("username", dee, "displayName", "Dee", "languages", List.of("fr"), "country", "FR"),
                        Map.of("username", eve, "password", "eve password")))
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(201)
                .body("created", equalTo(2)).body("signUpCodes", equalTo(1))
                .body("workers[0].languages", org.hamcrest.Matchers.contains("fr"))
                .body("workers[1].displayName", equalTo(eve.toLowerCase()))
                .extract().path("workers[0].id");
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}", id).then().statusCode(200)
                .body("vendorId", equalTo(vendor.toString())).body("displayName", equalTo("Dee"))
                .body("country", equalTo("FR"));
    }

    @Test
    void aBadRowRejectsTheWholeCsvBatchNamingLineAndField() {
        UUID vendor = TestData.vendor();
        String existing = TestData.unique("taken");
        TestData.worker(existing, null);
        String ok = TestData.unique("fine");
        String dup = TestData.unique("dup");
        String csv = "username,password,country,languages\n"
                + ok + ",,PT,en\n"               // line 2: fine
                + TestData.unique("cc") + ",,XX,\n"  // line 3: no such country
                + "x,,,\n"                        // line 4: username too short
                + dup + ",,,\n"                   // line 5
                + dup.toUpperCase() + ",,,\n"     // line 6: the same username again
                + existing + ",,,\n"              // line 7: taken by an existing account
                + TestData.unique("pw") + ",short,,\n"   // line 8: password too short
                + TestData.unique("ln") + ",,,English\n"; // line 9: not a language tag
        given().auth().oauth2(TestData.managerToken(vendor)).contentType("text/csv").body(csv)
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("line 3: country", "line 4: username", "line 6: username",
                        "line 8: password", "line 9: languages[0]"))
                .body("detail", org.hamcrest.Matchers.containsString("nothing was stored"));
        // taken usernames are reported once the rows are well-formed
        String csv2 = "username\n" + ok + "\n" + existing + "\n";
        given().auth().oauth2(TestData.managerToken(vendor)).contentType("text/csv").body(csv2)
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("line 3: username"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("is taken"));
        assertThat(count("SELECT count(*) FROM account WHERE vendor_id = ?", vendor)).isZero();
        assertThat(count("SELECT count(*) FROM account WHERE username = ?", ok.toLowerCase())).isZero();
    }

    @Test
    void aBadJsonBatchNamesTheIndexAndField() {
        UUID vendor = TestData.vendor();
        String dup = TestData.unique("jd");
        String manager = TestData.managerToken(vendor);
        given().auth().oauth2(manager).contentType(ContentType.JSON)
                .body(List.of(Map.of("username", dup), Map.of("username", dup), Map.of("username", 42),
                        Map.of("name", "x"), "not an object"))
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("[4]", "[3].name"));
        given().auth().oauth2(manager).contentType(ContentType.JSON)
                .body(List.of(Map.of("username", dup), Map.of("username", dup), Map.of("username", 42), Map.of()))
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(400)
                .body("errors.field", hasItems("[1].username", "[2].username", "[3].username"));
        given().auth().oauth2(manager).contentType(ContentType.JSON).body(Map.of("username", dup))
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(400).body("errors[0].field", equalTo("body"));
        given().auth().oauth2(manager).contentType(ContentType.JSON).body("[")
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(manager).contentType(ContentType.JSON).body("[]")
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(400);
        given().auth().oauth2(manager).contentType("text/csv").body("username,\"open\n" + dup + "\n")
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(400).body("errors[0].field", equalTo("line 1"));
        given().auth().oauth2(manager).contentType("text/csv").body("user,colour\n" + dup + ",red\n")
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(400).body("errors.field", hasItems("line 1: user", "line 1: colour"));
        given().auth().oauth2(manager).contentType("text/csv").body("username,country\n" + dup + "\n")
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(400).body("errors[0].field", equalTo("line 2"));
        given().auth().oauth2(manager).contentType("application/xml").body("<a/>")
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(415);
        assertThat(count("SELECT count(*) FROM account WHERE vendor_id = ?", vendor)).isZero();
    }

    @Test
    void batchesAreBoundedInRowsAndInPasswords() {
        UUID vendor = TestData.vendor();
        StringBuilder rows = new StringBuilder("username\n");
        String prefix = TestData.unique("big");
        for (int i = 0; i <= 10_000; i++) {
            rows.append(prefix).append('-').append(i).append('\n');
        }
        given().auth().oauth2(TestJwt.admin()).contentType("text/csv").body(rows.toString())
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(413).contentType("application/problem+json");
        List<Map<String, String>> withPasswords = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            withPasswords.add(Map.of("username", prefix + "-p" + i, "password", "password " + i));
        }
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(withPasswords)
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(400).body("errors.field", hasItem("password"));
        assertThat(count("SELECT count(*) FROM account WHERE vendor_id = ?", vendor)).isZero();
    }

    @Test
    void tenThousandWorkersInOneBatch() {
        UUID vendor = TestData.vendor();
        StringBuilder rows = new StringBuilder("username,languages,country\n");
        String prefix = TestData.unique("floor");
        for (int i = 0; i < 10_000; i++) {
            rows.append(prefix).append('-').append(i).append(",en,PT\n");
        }
        long start = System.nanoTime();
        given().auth().oauth2(TestJwt.admin()).contentType("text/csv").body(rows.toString())
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(201).body("created", equalTo(10_000)).body("signUpCodes", equalTo(10_000));
        System.out.printf("bulk creation: 10000 workers with sign-up codes in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertThat(count("SELECT count(*) FROM account WHERE vendor_id = ?", vendor)).isEqualTo(10_000);
        assertThat(count("SELECT count(*) FROM signup_code c JOIN account a ON a.id = c.account_id WHERE a.vendor_id = ?", vendor))
                .isEqualTo(10_000);
    }

    @Test
    void passwordRowsAreHashedOnThePool() {
        UUID vendor = TestData.vendor();
        List<Map<String, String>> rows = new ArrayList<>();
        String prefix = TestData.unique("pwd");
        for (int i = 0; i < 20; i++) {
            rows.add(Map.of("username", prefix + "-" + i, "password", "password number " + i));
        }
        long start = System.nanoTime();
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(rows)
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(201).body("signUpCodes", equalTo(0));
        System.out.printf("bulk creation: 20 workers with passwords in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        TestData.signIn(prefix + "-7", "password number 7");
        assertThat(count("SELECT count(DISTINCT password_hash) FROM account WHERE vendor_id = ?", vendor)).isEqualTo(20);
    }

    @Test
    void signUpCodesFailLikeAnyWrongCredential() throws Exception {
        UUID vendor = TestData.vendor();
        String fay = TestData.unique("fay");
        String gus = TestData.unique("gus");
        JsonPath body = given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON)
                .body(List.of(Map.of("username", fay), Map.of("username", gus)))
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(201).extract().jsonPath();
        String fayCode = body.getString("workers[0].signUpCode");
        String gusCode = body.getString("workers[1].signUpCode");
        // another worker's code, an unknown user, a made-up code: the same 401
        signUpStatus(fay, gusCode, "fay password", 401);
        signUpStatus(TestData.unique("nobody"), fayCode, "fay password", 401);
        signUpStatus(fay, "AAAA-BBBB-CCCC-DDDD-EEEE", "fay password", 401);
        // the new password must meet the policy: 400 naming the field, the code is not spent
        given().contentType(ContentType.JSON).body(Map.of("username", fay, "code", fayCode, "password", "short"))
                .post("/api/v1/auth/sign-up")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("password"));
        // a deactivated worker cannot redeem
        given().auth().oauth2(TestJwt.admin()).contentType("text/csv").body("username\n" + gus + "\n")
                .post("/api/v1/vendors/{id}/workers/deactivate", vendor).then().statusCode(200);
        signUpStatus(gus, gusCode, "gus password", 401);
        // an expired code
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "UPDATE signup_code SET expires_at = now() - interval '1 minute' WHERE account_id = ?")) {
            q.setObject(1, UUID.fromString(body.getString("workers[0].id")));
            q.executeUpdate();
        }
        signUpStatus(fay, fayCode, "fay password", 401);
    }

    @Test
    void theCodesComeAsCsvToPrintWhenAsked() {
        UUID vendor = TestData.vendor();
        String ada = TestData.unique("ada");
        String text = given().auth().oauth2(TestData.managerToken(vendor)).contentType("text/csv").accept("text/csv")
                .body("username,display_name\n" + ada + ",\"=HYPERLINK(1)\"\n")
                .post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(201).contentType("text/csv").header("Cache-Control", "no-store")
                .extract().asString();
        String[] lines = text.split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).isEqualTo("id,username,display_name,team_id,sign_up_code,sign_up_code_expires_at");
        String[] cells = lines[1].split(",");
        assertThat(cells[1]).isEqualTo(ada.toLowerCase());
        assertThat(cells[2]).as("no formula for a spreadsheet").isEqualTo("'=HYPERLINK(1)");
        assertThat(cells[4]).matches("[A-Z2-9]{4}(-[A-Z2-9]{4}){4}");
        // errors stay problem+json
        given().auth().oauth2(TestData.managerToken(vendor)).contentType("text/csv").accept("text/csv")
                .body("username\n" + ada + "\n").post("/api/v1/vendors/{id}/workers", vendor)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void concurrentBatchesWithTheSameUsernamesStoreOneOfThem() throws Exception {
        UUID vendor = TestData.vendor();
        String prefix = TestData.unique("race");
        StringBuilder rows = new StringBuilder("username\n");
        for (int i = 0; i < 300; i++) {
            rows.append(prefix).append('-').append(i).append('\n');
        }
        String admin = TestJwt.admin();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(() -> given().auth().oauth2(admin).contentType("text/csv").body(rows.toString())
                        .post("/api/v1/vendors/{id}/workers", vendor).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (java.util.concurrent.Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            System.out.println("concurrent bulk batches answered " + statuses);
            assertThat(statuses).as(statuses.toString()).containsOnlyOnce(201);
            assertThat(statuses).as("taken (400) or lost the race at the insert (409), never a 500")
                    .allMatch(s -> s == 201 || s == 400 || s == 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM account WHERE vendor_id = ?", vendor)).isEqualTo(300);
    }

    @Test
    void aManagerReissuesALostCodeOrResetsAForgottenPassword() {
        UUID vendor = TestData.vendor();
        String lead = TestData.managerToken(vendor);
        String ivy = TestData.unique("ivy");
        JsonPath body = given().auth().oauth2(lead).contentType("text/csv").body("username\n" + ivy + "\n")
                .post("/api/v1/vendors/{id}/workers", vendor).then().statusCode(201).extract().jsonPath();
        UUID ivyId = UUID.fromString(body.getString("workers[0].id"));
        String lost = body.getString("workers[0].signUpCode");
        String fresh = given().auth().oauth2(lead).post("/api/v1/workers/{id}/sign-up-code", ivyId)
                .then().statusCode(201).header("Cache-Control", "no-store")
                .body("workerId", equalTo(ivyId.toString())).body("username", equalTo(ivy.toLowerCase()))
                .extract().path("signUpCode");
        signUpStatus(ivy, lost, "ivy password", 401);
        given().contentType(ContentType.JSON).body(Map.of("username", ivy, "code", fresh, "password", "ivy password"))
                .post("/api/v1/auth/sign-up").then().statusCode(200);

        // a forgotten password: the old one works until the new code is redeemed, then only the new one
        String reset = given().auth().oauth2(TestJwt.admin()).post("/api/v1/workers/{id}/sign-up-code", ivyId)
                .then().statusCode(201).extract().path("signUpCode");
        TestData.signIn(ivy, "ivy password");
        given().contentType(ContentType.JSON).body(Map.of("username", ivy, "code", reset, "password", "ivy's new password"))
                .post("/api/v1/auth/sign-up").then().statusCode(200);
        signInStatus(ivy, "ivy password", 401);
        TestData.signIn(ivy, "ivy's new password");

        given().auth().oauth2(TestData.managerToken(TestData.vendor())).post("/api/v1/workers/{id}/sign-up-code", ivyId)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestJwt.worker(ivyId)).post("/api/v1/workers/{id}/sign-up-code", ivyId).then().statusCode(403);
        given().auth().oauth2(TestJwt.admin()).post("/api/v1/workers/{id}/sign-up-code", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void bulkDeactivationPublishesInactiveSnapshotsAndStopsSignIn() {
        UUID vendor = TestData.vendor();
        UUID hal = TestData.worker(TestData.unique("hal"), vendor);
        String ida = TestData.unique("ida");
        UUID idaId = TestData.worker(ida, vendor);
        UUID jon = TestData.worker(TestData.unique("jon"), vendor);
        String manager = TestData.managerToken(vendor);
        given().auth().oauth2(manager).contentType(ContentType.JSON)
                .body(List.of(Map.of("id", hal.toString()), Map.of("username", ida.toUpperCase())))
                .post("/api/v1/vendors/{id}/workers/deactivate", vendor)
                .then().statusCode(200)
                .body("active", equalTo(false)).body("changed", equalTo(2)).body("unchanged", equalTo(0))
                .body("workers.id", org.hamcrest.Matchers.contains(hal.toString(), idaId.toString()));
        EventEnvelope event = TestEvents.awaitStatus(idaId, WorkerStatusEvents.UPDATED,
                e -> !e.payload().path("active").asBoolean());
        assertThat(event.payload().path("vendorId").asText()).isEqualTo(vendor.toString());
        signInStatus(ida, TestData.PASSWORD, 401);
        TestData.signIn(usernameOf(jon), TestData.PASSWORD); // not in the batch: untouched

        // again: nothing changes, nothing is published; then activate one back
        given().auth().oauth2(manager).contentType("text/csv").body("username\n" + ida + "\n")
                .post("/api/v1/vendors/{id}/workers/deactivate", vendor)
                .then().statusCode(200).body("changed", equalTo(0)).body("unchanged", equalTo(1));
        given().auth().oauth2(manager).contentType("text/csv").body("id\n" + idaId + "\n")
                .post("/api/v1/vendors/{id}/workers/activate", vendor)
                .then().statusCode(200).body("active", equalTo(true)).body("changed", equalTo(1));
        TestData.signIn(ida, TestData.PASSWORD);
        TestEvents.awaitStatusCount(idaId, 3); // created, deactivated, activated
    }

    @Test
    void aBatchNamingAWorkerOfAnotherVendorChangesNothing() {
        UUID vendor = TestData.vendor();
        UUID other = TestData.vendor();
        UUID own = TestData.worker(TestData.unique("kim"), vendor);
        UUID foreign = TestData.worker(TestData.unique("lou"), other);
        UUID remote = TestData.worker(TestData.unique("max"), null);
        given().auth().oauth2(TestData.managerToken(vendor)).contentType(ContentType.JSON)
                .body(List.of(Map.of("id", own.toString()), Map.of("id", foreign.toString()), Map.of("id", remote.toString()),
                        Map.of("username", "no-such-user-anywhere"), Map.of("id", own.toString()), Map.of("id", "nope")))
                .post("/api/v1/vendors/{id}/workers/deactivate", vendor)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("[5].id"));
        given().auth().oauth2(TestData.managerToken(vendor)).contentType(ContentType.JSON)
                .body(List.of(Map.of("id", own.toString()), Map.of("id", foreign.toString()), Map.of("id", remote.toString()),
                        Map.of("username", "no-such-user-anywhere"), Map.of("id", own.toString())))
                .post("/api/v1/vendors/{id}/workers/deactivate", vendor)
                .then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("[1].id", "[2].id", "[3].username", "[4].id"));
        assertThat(count("SELECT count(*) FROM account WHERE id = ? AND active", own)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM account WHERE id = ? AND active", foreign)).isEqualTo(1);
    }

    @Test
    void onlyAdminsAndTheVendorsManagersMayUseBatches() {
        UUID vendor = TestData.vendor();
        UUID other = TestData.vendor();
        UUID worker = TestData.worker(TestData.unique("ned"), vendor);
        String csv = "username\n" + TestData.unique("oz") + "\n";
        for (String path : List.of("/api/v1/vendors/{id}/workers", "/api/v1/vendors/{id}/workers/deactivate",
                "/api/v1/vendors/{id}/workers/activate")) {
            String body = path.endsWith("workers") ? csv : "id\n" + worker + "\n";
            given().contentType("text/csv").body(body).post(path, vendor).then().statusCode(401)
                    .contentType("application/problem+json");
            given().auth().oauth2(TestData.managerToken(other)).contentType("text/csv").body(body).post(path, vendor)
                    .then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(TestJwt.worker(worker)).contentType("text/csv").body(body).post(path, vendor)
                    .then().statusCode(403);
            given().auth().oauth2(TestJwt.client(UUID.randomUUID())).contentType("text/csv").body(body).post(path, vendor)
                    .then().statusCode(403);
            given().auth().oauth2(TestJwt.admin()).contentType("text/csv").body(body).post(path, UUID.randomUUID())
                    .then().statusCode(404).contentType("application/problem+json");
        }
        assertThat(count("SELECT count(*) FROM account WHERE id = ? AND active", worker)).isEqualTo(1);
    }

    private String usernameOf(UUID worker) {
        return given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}", worker).then().statusCode(200)
                .extract().path("username");
    }

    private static void signInStatus(String username, String password, int status) {
        given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/v1/auth/token").then().statusCode(status);
    }

    private static void signUpStatus(String username, String code, String password, int status) {
        given().contentType(ContentType.JSON).body(Map.of("username", username, "code", code, "password", password))
                .post("/api/v1/auth/sign-up")
                .then().statusCode(status).contentType("application/problem+json")
                .body("detail", equalTo("Invalid credentials"));
    }

    private long count(String sql, Object param) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setObject(1, param);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
