package io.tessera.task.submission;

import static io.tessera.task.TaskApi.claim;
import static io.tessera.task.TaskApi.submit;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tessera.task.TaskApi;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Concurrent labels are stored together (SubmitBatcher), and every submit still gets the answer it gets
 * on its own: a retry with the same key its replay, an invalid label its 422, a foreign assignment its
 * 403, and each label is stored exactly once.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class SubmitBatcherTest {
    private static final int WORKERS = 30;

    private final TaskApi api = new TaskApi();
    @Inject
    MeterRegistry meters;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void concurrentSubmitsAreStoredTogetherAndEachGetsItsOwnAnswer() throws Exception {
        UUID job = api.runningJob(WORKERS * 2, 1, 0, 0);
        List<UUID> workers = new ArrayList<>();
        List<List<Object>> held = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            UUID worker = UUID.randomUUID();
            workers.add(worker);
            held.add(claim(worker, job, 2).stream().map(a -> a.get("assignmentId")).toList());
            assertThat(held.get(w)).hasSize(2);
        }
        DistributionSummary sizes = meters.find("tessera.submissions.batch.size").summary();
        Counter failed = meters.find("tessera.submissions.batch.failed").counter();
        long batchesBefore = sizes.count();
        double labelsBefore = sizes.totalAmount();
        double failedBefore = failed.count();

        // Per worker, at once: the first task twice under one key, an invalid label for the second, and a
        // label for the next worker's first task.
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS * 4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> twice = new ArrayList<>();
        List<Future<Response>> invalid = new ArrayList<>();
        List<Future<Response>> foreign = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            UUID worker = workers.get(w);
            Object first = held.get(w).get(0);
            Object second = held.get(w).get(1);
            Object othersFirst = held.get((w + 1) % WORKERS).get(0);
            String key = UUID.randomUUID().toString();
            twice.add(pool.submit(at(go, () -> submit(worker, first, "pos", key))));
            twice.add(pool.submit(at(go, () -> submit(worker, first, "pos", key))));
            invalid.add(pool.submit(at(go, () -> submit(worker, second, "bogus", UUID.randomUUID().toString()))));
            foreign.add(pool.submit(at(go, () -> submit(worker, othersFirst, "neg", UUID.randomUUID().toString()))));
        }
        go.countDown();
        for (int w = 0; w < WORKERS; w++) {
            Response a = twice.get(2 * w).get();
            Response b = twice.get(2 * w + 1).get();
            assertThat(List.of(a.statusCode(), b.statusCode())).containsOnly(201);
            assertThat(a.jsonPath().getLong("submissionId")).as("a retry gets the stored label")
                    .isEqualTo(b.jsonPath().getLong("submissionId"));
            assertThat(List.of(String.valueOf(a.header(SubmissionResource.REPLAYED)), String.valueOf(b.header(SubmissionResource.REPLAYED))))
                    .as("exactly one of the two is a replay").containsOnlyOnce("true");
            Response bad = invalid.get(w).get();
            assertThat(bad.statusCode()).isEqualTo(422);
            assertThat(bad.contentType()).startsWith("application/problem+json");
            assertThat(foreign.get(w).get().statusCode()).isEqualTo(403);
        }
        // The second tasks are still leased to their workers and take a valid label, stored together again.
        List<Future<Response>> valid = new ArrayList<>();
        CountDownLatch again = new CountDownLatch(1);
        for (int w = 0; w < WORKERS; w++) {
            UUID worker = workers.get(w);
            Object second = held.get(w).get(1);
            valid.add(pool.submit(at(again, () -> submit(worker, second, "neg", UUID.randomUUID().toString()))));
        }
        again.countDown();
        for (Future<Response> f : valid) {
            assertThat(f.get().statusCode()).isEqualTo(201);
        }
        pool.shutdown();

        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("""
                        SELECT count(*), count(DISTINCT assignment_id), count(*) FILTER (WHERE label = '"neg"')
                        FROM submission WHERE job_id = ?""")) {
            q.setObject(1, job);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("labels stored").isEqualTo(WORKERS * 2);
                assertThat(rs.getInt(2)).as("assignments with a label").isEqualTo(WORKERS * 2);
                assertThat(rs.getInt(3)).as("labels from the second round, none from a foreign worker").isEqualTo(WORKERS);
            }
        }
        long batches = sizes.count() - batchesBefore;
        double stored = sizes.totalAmount() - labelsBefore;
        System.out.printf("SubmitBatcherTest: %.0f submits in %d batch transactions (max %.0f)%n", stored, batches, sizes.max());
        assertThat(batches).as("label transactions through the batcher").isPositive();
        assertThat(stored / batches).as("submits per batch transaction on average").isGreaterThan(1.0);
        assertThat(failed.count() - failedBefore).as("batches that failed").isZero();
    }

    private static <T> Callable<T> at(CountDownLatch go, Callable<T> work) {
        return () -> {
            go.await();
            return work.call();
        };
    }
}
