package io.tessera.task.claim;

import static io.tessera.task.TaskApi.claim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.common.event.Topics;
import io.tessera.task.TaskApi;
import io.tessera.task.TestEvents;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * task-service's view of workers from tessera.worker-status: deactivation, job blocks checked against
 * the job's organisation, and events of one target applied in the order they happened.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class WorkerViewTest {
    private final TaskApi api = new TaskApi();
    @Inject
    DataSource dataSource;

    @Test
    void aDeactivatedWorkerLosesLeasesAndIsRefusedUntilActivatedAgain() {
        UUID job = api.runningJob(3, 1, 0, 0);
        UUID worker = UUID.randomUUID();
        assertThat(claim(worker, job, 2)).hasSize(2);
        Instant t = Instant.now();
        updated(worker, false, t);
        TestEvents.await("the leases were released", () -> activeLeases(job) == 0);
        TaskApi.asWorker(worker).body(Map.of("jobId", job.toString())).post("/api/v1/claims").then()
                .statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("Your account is deactivated"));
        TaskApi.asWorker(worker).body(Map.of()).post("/api/v1/claims").then().statusCode(403);
        assertThat(claim(UUID.randomUUID(), job, 3)).as("the released items are free again").hasSize(3);

        UUID other = api.runningJob(1, 1, 0, 0);
        updated(worker, true, t.plusSeconds(1));
        TestEvents.await("the worker is active again", () -> TaskApi.asWorker(worker)
                .body(Map.of("jobId", other.toString())).post("/api/v1/claims").statusCode() == 200);
    }

    @Test
    void anOlderSnapshotArrivingLateDoesNotReactivate() {
        UUID job = api.runningJob(2, 1, 0, 0);
        UUID worker = UUID.randomUUID();
        Instant t = Instant.now();
        updated(worker, false, t);
        TestEvents.await("deactivated", () -> TaskApi.asWorker(worker).body(Map.of("jobId", job.toString()))
                .post("/api/v1/claims").statusCode() == 403);
        UUID late = updated(worker, true, t.minusSeconds(5));
        awaitProcessed(late);
        TaskApi.asWorker(worker).body(Map.of("jobId", job.toString())).post("/api/v1/claims").then().statusCode(403);
    }

    @Test
    void aSnapshotWithoutActiveFromAnOlderProducerMeansActive() {
        UUID job = api.runningJob(1, 1, 0, 0);
        UUID worker = UUID.randomUUID();
        UUID event = UUID.randomUUID();
        TestEvents.send(Topics.WORKER_STATUS, event, "worker.updated", worker.toString(),
                Map.of("workerId", worker, "qualifications", List.of()));
        awaitProcessed(event);
        assertThat(claim(worker, job, 1)).hasSize(1);
    }

    @Test
    void aJobBlockNamingAnotherOrganisationDoesNotCountOnThisJob() {
        UUID job = api.runningJob(4, 1, 0, 0);
        UUID worker = UUID.randomUUID();
        assertThat(claim(worker, job, 1)).hasSize(1);
        // a client of another organisation blocked the worker "on this job": not its job, no effect
        UUID foreign = blocked(worker, "job", job, UUID.randomUUID(), Instant.now());
        awaitProcessed(foreign);
        assertThat(activeLeases(job)).as("the lease stays").isEqualTo(1);
        assertThat(claim(worker, job, 1)).hasSize(1);
        // the job's own organisation blocks: leases go, claims are refused
        blocked(worker, "job", job, api.org, Instant.now());
        TestEvents.await("the leases were released", () -> activeLeases(job) == 0);
        TaskApi.asWorker(worker).body(Map.of("jobId", job.toString())).post("/api/v1/claims").then().statusCode(403);
        // a job block without an organisation (an admin's, a verdict's on an unknown job) counts whoever owns it
        UUID second = api.runningJob(1, 1, 0, 0);
        UUID other = UUID.randomUUID();
        blocked(other, "job", second, null, Instant.now());
        TestEvents.await("blocked", () -> TaskApi.asWorker(other).body(Map.of("jobId", second.toString()))
                .post("/api/v1/claims").statusCode() == 403);
    }

    @Test
    void blockEventsOfOneTargetApplyInTheOrderTheyHappened() {
        UUID job = api.runningJob(3, 1, 0, 0);
        UUID marker = api.runningJob(1, 1, 0, 0);
        UUID worker = UUID.randomUUID();
        Instant t = Instant.now();
        // the unblock (newer) arrives before the block (older): the worker stays unblocked
        unblocked(worker, job, t);
        UUID late = blocked(worker, "job", job, api.org, t.minusSeconds(10));
        awaitProcessed(late);
        assertThat(claim(worker, job, 1)).hasSize(1);
        assertThat(activeLeases(job)).as("a block that lost releases nothing").isEqualTo(1);

        // block at t+1, then an unblock from before it arrives late: still blocked
        blocked(worker, "job", job, api.org, t.plusSeconds(1));
        TestEvents.await("blocked", () -> activeLeases(job) == 0);
        UUID lateUnblock = unblocked(worker, job, t.minusSeconds(1));
        awaitProcessed(lateUnblock);
        TaskApi.asWorker(worker).body(Map.of("jobId", job.toString())).post("/api/v1/claims").then().statusCode(403);
        assertThat(claim(worker, marker, 1)).as("other jobs are not affected").hasSize(1);

        // a newer unblock lifts it
        unblocked(worker, job, t.plusSeconds(2));
        TestEvents.await("unblocked", () -> TaskApi.asWorker(worker).body(Map.of("jobId", job.toString()))
                .post("/api/v1/claims").statusCode() == 200);
    }

    private UUID updated(UUID worker, boolean active, Instant at) {
        UUID event = UUID.randomUUID();
        TestEvents.send(Topics.WORKER_STATUS, event, "worker.updated", worker.toString(), at,
                Map.of("workerId", worker, "qualifications", List.of(), "active", active));
        return event;
    }

    private static UUID blocked(UUID worker, String scope, UUID job, UUID org, Instant at) {
        Map<String, Object> payload = new HashMap<>();
        payload.put("workerId", worker);
        payload.put("scope", scope);
        payload.put("jobId", job);
        payload.put("orgId", org);
        payload.put("reason", "test block");
        UUID event = UUID.randomUUID();
        TestEvents.send(Topics.WORKER_STATUS, event, "worker.blocked", worker.toString(), at, payload);
        return event;
    }

    private static UUID unblocked(UUID worker, UUID job, Instant at) {
        UUID event = UUID.randomUUID();
        TestEvents.send(Topics.WORKER_STATUS, event, "worker.unblocked", worker.toString(), at,
                Map.of("workerId", worker, "scope", "job", "jobId", job));
        return event;
    }

    private int activeLeases(UUID job) {
        return api.asClient().get("/api/v1/jobs/" + job).then().statusCode(200).extract().path("progress.activeLeases");
    }

    /** Waits until task-service applied (or skipped as older) the event: its id is recorded with the effect. */
    private void awaitProcessed(UUID eventId) {
        TestEvents.await("event " + eventId + " was consumed", () -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement q = c.prepareStatement("SELECT 1 FROM processed_event WHERE event_id = ?")) {
                q.setObject(1, eventId);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
