package io.tessera.task.claim;

import static io.tessera.task.TaskApi.claim;
import static io.tessera.task.TaskApi.submit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.task.TaskApi;
import io.tessera.task.TestSql;
import io.tessera.task.job.Purpose;
import io.tessera.task.schema.LabelSchema;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Concurrent regular claims are leased together (ClaimBatcher), and the batch keeps every rule a claim of
 * its own keeps: no worker twice on an item, no item over its k, every label stored once.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class ClaimBatcherTest {
    private static final int ITEMS = 150;
    private static final int OVERLAP = 3;
    private static final int WORKERS = 40;

    private final TaskApi api = new TaskApi();
    @Inject
    MeterRegistry meters;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ClaimBatcher batcher;
    @Inject
    ObjectMapper json;

    /**
     * A ticket carries an eligibility check made before the batch ran: the lease statement asks again for
     * the job's state, blocks and deactivation, and leases nothing to a ticket that no longer passes (its
     * request then claims on its own, and gets the 403).
     */
    @Test
    void theLeaseChecksBlocksDeactivationAndTheJobsStateAgain() throws Exception {
        UUID job = api.runningJob(10, 1, 0, 0);
        ClaimService.EligibleJob eligible = eligible(job);
        UUID blocked = UUID.randomUUID();
        update("INSERT INTO worker_block (worker_id, scope, target, until, reason, event_at) VALUES (?, 'job', ?, NULL, 'spam', now())",
                blocked, job);
        assertThat(batcher.claim(new ClaimBatcher.Ticket(eligible, blocked, 1, 0))).as("blocked since the check").isNull();
        UUID deactivated = UUID.randomUUID();
        update("INSERT INTO worker_profile (worker_id, active, updated_at) VALUES (?, false, now())", deactivated);
        assertThat(batcher.claim(new ClaimBatcher.Ticket(eligible, deactivated, 1, 0))).as("deactivated since the check").isNull();
        UUID fine = UUID.randomUUID();
        assertThat(batcher.claim(new ClaimBatcher.Ticket(eligible, fine, 1, 0))).as("a worker who may").hasSize(1);

        api.asClient().post("/api/v1/jobs/" + job + "/pause").then().statusCode(200);
        assertThat(batcher.claim(new ClaimBatcher.Ticket(eligible, UUID.randomUUID(), 1, 0))).as("paused since the check").isNull();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM assignment WHERE job_id = ?")) {
            q.setObject(1, job);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("leases: only the worker who may").isEqualTo(1);
            }
        }
    }

    /** Gold positions drawn for a claim are served in its batch too, so claims with gold are timed like the rest. */
    @Test
    void goldPositionsAreClaimedInTheBatch() throws Exception {
        UUID job = api.runningJob(10, 1, 3, 0.1);
        ClaimService.EligibleJob eligible = eligible(job);
        List<AssignmentView> mixed = batcher.claim(new ClaimBatcher.Ticket(eligible, UUID.randomUUID(), 1, 1));
        assertThat(mixed).hasSize(2);
        assertThat(mixed.stream().filter(a -> a.data().toString().contains("gold"))).as("gold among %s", mixed).hasSize(1);
        List<AssignmentView> goldOnly = batcher.claim(new ClaimBatcher.Ticket(eligible, UUID.randomUUID(), 0, 2));
        assertThat(goldOnly).hasSize(2).allMatch(a -> a.data().toString().contains("gold"));
    }

    private ClaimService.EligibleJob eligible(UUID job) throws Exception {
        return new ClaimService.EligibleJob(job,
                json.readValue("{\"kind\":\"categorical\",\"labels\":[\"pos\",\"neg\",\"neutral\"]}", LabelSchema.class),
                "", 0, 60, 3, Long.MAX_VALUE, Purpose.LABELING, null);
    }

    private void update(String sql, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            TestSql.update(c, sql, params);
        }
    }

    @Test
    void concurrentClaimsAreBatchedAndEveryItemGetsExactlyKDistinctWorkers() throws Exception {
        UUID job = api.runningJob(ITEMS, OVERLAP, 0, 0);
        // One worker labels the front of the queue first, alone: batches must then match around their history.
        UUID early = UUID.randomUUID();
        for (int i = 0; i < 10; i++) {
            for (Map<String, Object> a : claim(early, job, 1)) {
                submit(early, a.get("assignmentId"), "pos").then().statusCode(201);
            }
        }
        DistributionSummary sizes = meters.find("tessera.claims.batch.size").summary();
        Counter failed = meters.find("tessera.claims.batch.failed").counter();
        long batchesBefore = sizes.count();
        double claimsBefore = sizes.totalAmount();
        double failedBefore = failed.count();

        List<UUID> workers = new ArrayList<>(List.of(early));
        for (int w = 1; w < WORKERS; w++) {
            workers.add(UUID.randomUUID());
        }
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> labels = new ArrayList<>();
        for (UUID worker : workers) {
            labels.add(pool.submit(() -> {
                go.await();
                int n = 0;
                for (List<Map<String, Object>> got = claim(worker, job, 1 + ThreadLocalRandom.current().nextInt(2));
                        !got.isEmpty(); got = claim(worker, job, 1 + ThreadLocalRandom.current().nextInt(2))) {
                    for (Map<String, Object> a : got) {
                        submit(worker, a.get("assignmentId"), "pos").then().statusCode(201);
                        n++;
                    }
                }
                return n;
            }));
        }
        go.countDown();
        int total = 10;
        for (Future<Integer> f : labels) {
            total += f.get();
        }
        pool.shutdown();

        assertThat(total).as("every slot labeled once").isEqualTo(ITEMS * OVERLAP);
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("""
                        SELECT count(*), count(DISTINCT worker_id) FROM submission WHERE job_id = ? GROUP BY item_id""")) {
            q.setObject(1, job);
            int items = 0;
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    items++;
                    assertThat(rs.getInt(1)).as("labels of an item").isEqualTo(OVERLAP);
                    assertThat(rs.getInt(2)).as("distinct workers of an item").isEqualTo(OVERLAP);
                }
            }
            assertThat(items).isEqualTo(ITEMS);
        }
        long batches = sizes.count() - batchesBefore;
        double batched = sizes.totalAmount() - claimsBefore;
        System.out.printf("ClaimBatcherTest: %.0f claims in %d batch transactions (max %.0f)%n", batched, batches, sizes.max());
        assertThat(batches).as("claim transactions through the batcher").isPositive();
        assertThat(batched / batches).as("claims per batch transaction on average, %d threads", WORKERS).isGreaterThan(1.0);
        assertThat(failed.count() - failedBefore).as("batches that failed (and fell back to claims of their own)").isZero();
    }
}
