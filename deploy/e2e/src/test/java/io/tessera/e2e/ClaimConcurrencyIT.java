package io.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.testkit.TestDatabase;
import io.tessera.testkit.TestJwt;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The claim path under load, across two task-service instances on one database: 200 workers
 * claim (1–3 at a time), submit (some retried with the same Idempotency-Key), skip, and let leases
 * expire, over 21,000 slots plus gold, until quality-service has resolved every item. Then the
 * invariants are checked in SQL against what the workers saw.
 */
class ClaimConcurrencyIT {
    private static final int ITEMS = 7_000;
    private static final int OVERLAP = 3;
    private static final int GOLD = 60;
    private static final int WORKERS = 200;
    private static final long DEADLINE_MS = TimeUnit.MINUTES.toMillis(9);

    private final Platform platform = Platform.get();
    private final Map<Long, UUID> submissions = new ConcurrentHashMap<>();
    private final AtomicInteger skips = new AtomicInteger();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final AtomicInteger replays = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    @Test
    void twoInstancesAndTwoHundredWorkersKeepEveryInvariant() throws Exception {
        List<String> instances = List.of(platform.task, platform.secondTaskService());
        String client = TestJwt.client(UUID.randomUUID());
        UUID job = createJob(client);

        AtomicBoolean done = new AtomicBoolean();
        long start = System.currentTimeMillis();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            String base = instances.get(w % 2);
            int seed = w;
            workers.add(pool.submit(() -> work(base, job, done, new SplittableRandom(seed))));
        }
        while (!done.get() && System.currentTimeMillis() - start < DEADLINE_MS) {
            JsonNode state = Http.get(platform.task + "/api/v1/jobs/" + job, client).body();
            done.set("completed".equals(state.path("state").asText()));
            Thread.sleep(500);
        }
        done.set(true);
        for (Future<?> f : workers) {
            f.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();
        double seconds = (System.currentTimeMillis() - start) / 1000.0;
        System.out.printf("ClaimConcurrencyIT: %d submissions (%d replays, %d skips, %d abandoned leases, %d refused) "
                + "in %.1f s = %.0f labels/s over two instances%n", submissions.size(), replays.get(), skips.get(),
                abandoned.get(), refused.get(), seconds, submissions.size() / seconds);

        JsonNode state = Http.get(platform.task + "/api/v1/jobs/" + job, client).body();
        assertThat(state.path("state").asText()).as("every item resolved within the deadline").isEqualTo("completed");
        assertThat(skips.get()).as("the run exercised skips").isPositive();
        assertThat(abandoned.get()).as("the run let leases expire").isPositive();
        assertInvariants(job);
    }

    private UUID createJob(String client) {
        Map<String, Object> body = Map.of("name", "Load", "schema", Map.of("kind", "categorical", "labels", List.of("pos", "neg")),
                "overlap", OVERLAP, "maxOverlap", OVERLAP, "goldRate", 0.1, "leaseSeconds", 10);
        UUID job = UUID.fromString(Http.post(platform.task + "/api/v1/jobs", client, body, Map.of()).body().path("id").asText());
        for (int from = 0; from < ITEMS; from += 3_500) {
            StringBuilder lines = new StringBuilder();
            for (int i = from; i < Math.min(ITEMS, from + 3_500); i++) {
                lines.append("{\"externalId\":\"i").append(i).append("\",\"data\":{\"n\":").append(i).append("}}\n");
            }
            assertThat(Http.post(platform.task + "/api/v1/jobs/" + job + "/items", client, lines.toString(), Map.of())
                    .status()).isEqualTo(201);
        }
        List<Map<String, Object>> gold = new ArrayList<>();
        for (int g = 0; g < GOLD; g++) {
            gold.add(Map.of("externalId", "g" + g, "data", Map.of("n", -g - 1), "answer", g % 2 == 0 ? "pos" : "neg"));
        }
        assertThat(Http.post(platform.task + "/api/v1/jobs/" + job + "/gold", client, gold, Map.of()).status()).isEqualTo(201);
        assertThat(Http.post(platform.task + "/api/v1/jobs/" + job + "/start", client, "", Map.of()).status()).isEqualTo(200);
        return job;
    }

    /** One worker: claim, then per task submit (85%, some retried), skip (8%) or walk away (7%). */
    private void work(String base, UUID job, AtomicBoolean done, SplittableRandom random) {
        UUID worker = UUID.randomUUID();
        String token = TestJwt.worker(worker);
        while (!done.get()) {
            Http.Reply claim = Http.post(base + "/api/v1/claims", token,
                    Map.of("jobId", job.toString(), "max", 1 + random.nextInt(3)), Map.of());
            if (claim.status() == 204) {
                pause(100);
                continue;
            }
            assertThat(claim.status()).as("claim").isEqualTo(200);
            for (JsonNode task : claim.body()) {
                String id = task.path("assignmentId").asText();
                double roll = random.nextDouble();
                if (roll < 0.85) {
                    submit(base, token, worker, id, random);
                } else if (roll < 0.93) {
                    int status = Http.post(base + "/api/v1/assignments/" + id + "/release", token, "", Map.of()).status();
                    if (status == 409) {
                        refused.incrementAndGet(); // the lease ran out under load before the skip arrived
                    } else {
                        assertThat(status).as("release").isEqualTo(204);
                        skips.incrementAndGet();
                    }
                } else {
                    abandoned.incrementAndGet();
                }
            }
        }
    }

    private void submit(String base, String token, UUID worker, String assignment, SplittableRandom random) {
        Map<String, String> key = Map.of("Idempotency-Key", assignment);
        Map<String, Object> label = Map.of("label", random.nextBoolean() ? "pos" : "neg", "durationMs", 900);
        Http.Reply first = Http.post(base + "/api/v1/assignments/" + assignment + "/submission", token, label, key);
        if (first.status() == 409) {
            refused.incrementAndGet(); // the lease ran out under load: the slot went back to the pool
            return;
        }
        assertThat(first.status()).as("submit").isEqualTo(201);
        long id = first.body().path("submissionId").asLong();
        assertThat(submissions.put(id, worker)).as("submission %d reported twice", id).isNull();
        if (random.nextDouble() < 0.05) {
            Http.Reply retry = Http.post(base + "/api/v1/assignments/" + assignment + "/submission", token, label, key);
            assertThat(retry.status()).isEqualTo(201);
            assertThat(retry.body().path("submissionId").asLong()).as("a retry returns the first answer").isEqualTo(id);
            replays.incrementAndGet();
        }
    }

    private void assertInvariants(UUID job) throws Exception {
        try (Connection c = DriverManager.getConnection(Platform.databaseUrl("task-service"), TestDatabase.USER,
                TestDatabase.PASSWORD)) {
            assertThat(count(c, """
                    SELECT count(*) FROM (SELECT s.item_id FROM submission s JOIN item i ON i.id = s.item_id
                    WHERE s.job_id = ? AND NOT i.gold GROUP BY s.item_id HAVING count(*) <> 3) x""", job))
                    .as("items without exactly k labels").isZero();
            assertThat(count(c, "SELECT count(*) FROM (SELECT item_id FROM task_slot WHERE job_id = ? "
                    + "GROUP BY item_id HAVING count(*) > 3) x", job)).as("items with more than k slots").isZero();
            assertThat(count(c, "SELECT count(*) FROM (SELECT item_id, worker_id FROM assignment WHERE job_id = ? "
                    + "AND slot IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1) x", job)).as("a worker twice on an item").isZero();
            assertThat(count(c, "SELECT count(*) FROM item WHERE job_id = ? AND NOT gold AND NOT resolved", job))
                    .as("unresolved items").isZero();
            Set<Long> stored = new HashSet<>();
            try (PreparedStatement q = c.prepareStatement("SELECT id FROM submission WHERE job_id = ?")) {
                q.setObject(1, job);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        stored.add(rs.getLong(1));
                    }
                }
            }
            assertThat(stored).as("every acknowledged submission stored exactly once, nothing else")
                    .isEqualTo(submissions.keySet());
            assertThat(count(c, """
                    SELECT count(*) FROM (SELECT worker_id FROM assignment WHERE job_id = ? AND slot IS NULL
                    GROUP BY worker_id HAVING count(*) <= %d AND count(DISTINCT item_id) < count(*)) x""".formatted(GOLD), job))
                    .as("workers shown a gold item twice while unseen gold remained").isZero();
        }
    }

    private static long count(Connection c, String sql, UUID job) throws Exception {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setObject(1, job);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
