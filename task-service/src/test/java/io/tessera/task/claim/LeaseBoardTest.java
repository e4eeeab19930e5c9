package io.tessera.task.claim;

import static io.tessera.task.TaskApi.claim;
import static io.tessera.task.TaskApi.submit;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.task.TaskApi;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class LeaseBoardTest {
    private final TaskApi api = new TaskApi();
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aVendorManagerSeesTheLiveLeasesOfTheirOwnFloorOnly() {
        UUID vendor = UUID.randomUUID();
        UUID ana = UUID.randomUUID();
        UUID ben = UUID.randomUUID();
        UUID outsider = UUID.randomUUID();
        profile(ana, vendor);
        profile(ben, vendor);
        profile(outsider, UUID.randomUUID());
        UUID job = api.runningJob(6, 1, 0, 0);
        claim(ana, job, 2);
        Object done = claim(ben, job, 1).get(0).get("assignmentId");
        submit(ben, done, "pos").then().statusCode(201); // a submitted lease is no longer live
        claim(ben, job, 1);
        claim(outsider, job, 1);

        String manager = TestJwt.token(UUID.randomUUID(), Set.of("vendor"), Map.of("vendor", vendor.toString()));
        io.restassured.RestAssured.given().auth().oauth2(manager).get("/api/v1/vendors/" + vendor + "/leases")
                .then().statusCode(200)
                .body("activeLeases", equalTo(3))
                .body("workers", hasSize(2))
                .body("workers[0].workerId", equalTo(ana.toString()))
                .body("workers[0].activeLeases", equalTo(2))
                .body("workers[0].jobs", equalTo(1))
                .body("workers[1].workerId", equalTo(ben.toString()))
                .body("workers[1].activeLeases", equalTo(1));

        String otherManager = TestJwt.token(UUID.randomUUID(), Set.of("vendor"), Map.of("vendor", UUID.randomUUID().toString()));
        io.restassured.RestAssured.given().auth().oauth2(otherManager).get("/api/v1/vendors/" + vendor + "/leases")
                .then().statusCode(404);
        TaskApi.asWorker(ana).get("/api/v1/vendors/" + vendor + "/leases").then().statusCode(403);
        io.restassured.RestAssured.given().auth().oauth2(TestJwt.admin()).get("/api/v1/vendors/" + vendor + "/leases")
                .then().statusCode(200).body("activeLeases", equalTo(3));
    }

    @Test
    void aClientSeesWhoHoldsTheirJobsWorkAndNobodyElseDoes() {
        UUID job = api.runningJob(5, 1, 0, 0);
        UUID worker = UUID.randomUUID();
        claim(worker, job, 3);
        api.asClient().get("/api/v1/jobs/" + job + "/leases").then().statusCode(200)
                .body("scopeId", equalTo(job.toString()))
                .body("activeLeases", equalTo(3))
                .body("workers[0].workerId", equalTo(worker.toString()));
        new TaskApi().asClient().get("/api/v1/jobs/" + job + "/leases").then().statusCode(404);
        api.asClient().post("/api/v1/jobs/" + job + "/cancel").then().statusCode(200);
        api.asClient().get("/api/v1/jobs/" + job + "/leases").then().statusCode(200)
                .body("activeLeases", equalTo(0)).body("workers", hasSize(0));
    }

    private void profile(UUID worker, UUID vendor) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "INSERT INTO worker_profile (worker_id, vendor_id, updated_at) VALUES (?, ?, ?)")) {
            q.setObject(1, worker);
            q.setObject(2, vendor);
            q.setObject(3, java.sql.Timestamp.from(Instant.now()));
            q.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
