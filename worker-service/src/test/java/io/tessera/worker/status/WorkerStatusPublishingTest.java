package io.tessera.worker.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tessera.common.event.EventEnvelope;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.worker.TestData;
import io.tessera.worker.TestEvents;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** worker.updated snapshots on tessera.worker-status, read back from the test broker. */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class WorkerStatusPublishingTest {

    @Test
    void creatingAWorkerPublishesASnapshotKeyedByTheWorkerId() {
        UUID worker = TestData.worker(TestData.unique("una"), null);
        EventEnvelope event = TestEvents.awaitStatus(worker, WorkerStatusEvents.UPDATED, e -> true);
        assertThat(event.key()).isEqualTo(worker.toString());
        assertThat(event.schemaVersion()).isEqualTo(1);
        assertThat(event.eventId()).isNotNull();
        assertThat(event.occurredAt()).isNotNull();
        assertThat(event.payload().path("workerId").asText()).isEqualTo(worker.toString());
        assertThat(event.payload().get("vendorId").isNull()).isTrue();
        assertThat(event.payload().path("qualifications").isArray()).isTrue();
        assertThat(event.payload().path("qualifications")).isEmpty();
        assertThat(event.payload().path("active").asBoolean()).isTrue();
    }

    @Test
    void aVendorManagersWorkerCarriesTheVendor() {
        UUID vendor = TestData.vendor();
        String worker = given().auth().oauth2(TestData.managerToken(vendor)).contentType(ContentType.JSON)
                .body(TestData.workerBody(TestData.unique("vic")))
                .post("/api/v1/workers")
                .then().statusCode(201).extract().path("id");
        EventEnvelope event = TestEvents.awaitStatus(UUID.fromString(worker), WorkerStatusEvents.UPDATED, e -> true);
        assertThat(event.payload().path("vendorId").asText()).isEqualTo(vendor.toString());
    }

    @Test
    void vendorChangesAndDeactivationPublishSnapshotsAndNoOpsPublishNothing() {
        UUID first = TestData.vendor();
        UUID second = TestData.vendor();
        UUID worker = TestData.worker(TestData.unique("wes"), first);

        moveTo(worker, second).then().statusCode(200).body("vendorId", equalTo(second.toString()));
        moveTo(worker, second).then().statusCode(200); // no change, no event
        given().auth().oauth2(TestJwt.admin()).post("/api/v1/workers/{id}/deactivate", worker).then().statusCode(200);
        given().auth().oauth2(TestJwt.admin()).post("/api/v1/workers/{id}/deactivate", worker).then().statusCode(200);
        // another vendor's manager is refused and nothing is published
        given().auth().oauth2(TestData.managerToken(first)).post("/api/v1/workers/{id}/activate", worker)
                .then().statusCode(403);
        given().auth().oauth2(TestData.managerToken(second)).post("/api/v1/workers/{id}/activate", worker)
                .then().statusCode(200);
        moveTo(worker, null).then().statusCode(200).body("vendorId", nullValue());

        List<EventEnvelope> events = TestEvents.awaitStatusCount(worker, 5);
        assertThat(events).extracting(EventEnvelope::type).containsOnly(WorkerStatusEvents.UPDATED);
        assertThat(events).extracting(e -> e.payload().path("vendorId").asText(null))
                .containsExactly(first.toString(), second.toString(), second.toString(), second.toString(), null);
        assertThat(events).extracting(e -> e.payload().path("active").asBoolean())
                .containsExactly(true, true, false, true, true);
        assertThat(events).extracting(EventEnvelope::occurredAt).isSorted();
    }

    @Test
    void onlyAnAdminMovesAWorkerAndOnlyToAVendorThatExists() {
        UUID vendor = TestData.vendor();
        UUID worker = TestData.worker(TestData.unique("xan"), vendor);
        given().auth().oauth2(TestData.managerToken(vendor)).contentType(ContentType.JSON)
                .body(Map.of("vendorId", TestData.vendor().toString()))
                .put("/api/v1/workers/{id}/vendor", worker)
                .then().statusCode(403).contentType("application/problem+json");
        moveTo(worker, UUID.randomUUID()).then().statusCode(400).body("errors[0].field", equalTo("vendorId"));
        moveTo(UUID.randomUUID(), vendor).then().statusCode(404);
        TestEvents.awaitStatusCount(worker, 1);
    }

    private static io.restassured.response.Response moveTo(UUID worker, UUID vendor) {
        Map<String, Object> body = new HashMap<>();
        body.put("vendorId", vendor == null ? null : vendor.toString());
        return given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(body)
                .put("/api/v1/workers/{id}/vendor", worker);
    }
}
