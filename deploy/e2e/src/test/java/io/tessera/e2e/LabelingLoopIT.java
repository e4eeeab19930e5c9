package io.tessera.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The first labeling loop through all three services, over real PostgreSQL and Kafka: a client
 * posts a categorical job with gold, five workers label it (one at random), quality-service merges
 * and scores, task-service resolves, and the client reads results and quality.
 */
class LabelingLoopIT {
    private static final List<String> LABELS = List.of("cat", "dog", "bird");
    private static final int ITEMS = 150;
    private static final int GOLD = 20;
    private static final int OVERLAP = 3;
    private static final int MAX_OVERLAP = 5;
    private final Platform platform = Platform.get();

    @Test
    void fiveWorkersLabelAJobAndTheRandomOneStandsOut() throws Exception {
        String admin = token(Map.of("username", Platform.ADMIN, "password", Platform.ADMIN_PASSWORD));
        String org = as(admin).body(Map.of("name", "Acme Vision")).post(platform.worker + "/api/v1/orgs")
                .then().statusCode(201).extract().path("id");
        String apiKey = as(admin).body(Map.of("name", "pipeline")).post(platform.worker + "/api/v1/orgs/" + org + "/api-keys")
                .then().statusCode(201).extract().path("apiKey");
        String client = token(Map.of("apiKey", apiKey));

        Random random = new Random(42);
        Map<String, String> truth = new HashMap<>();
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            String answer = LABELS.get(random.nextInt(LABELS.size()));
            truth.put("photo-" + i, answer);
            items.add(Map.of("externalId", "photo-" + i, "data", Map.of("url", "photo-" + i)));
        }
        List<Map<String, Object>> gold = new ArrayList<>();
        for (int i = 0; i < GOLD; i++) {
            String answer = LABELS.get(i % LABELS.size());
            truth.put("gold-" + i, answer);
            gold.add(Map.of("externalId", "gold-" + i, "data", Map.of("url", "gold-" + i), "answer", answer,
                    "explanation", "It is a " + answer));
        }
        Map<String, Object> job = new HashMap<>();
        job.put("name", "Animals");
        job.put("instructions", "Which animal is in the photo?");
        job.put("schema", Map.of("kind", "categorical", "labels", LABELS));
        job.put("overlap", OVERLAP);
        job.put("maxOverlap", MAX_OVERLAP);
        // 20%, not a production-like 10%: each position is gold independently, so at 10% a worker with 67 labels
        // drew no gold at all in one CI run (0.9^67, about 0.1% per worker); at 20% that is 0.8^67 = 3e-7.
        job.put("goldRate", 0.2);
        job.put("leaseSeconds", 120);
        String jobId = as(client).body(job).post(platform.task + "/api/v1/jobs").then().statusCode(201).extract().path("id");
        as(client).body(items).post(platform.task + "/api/v1/jobs/" + jobId + "/items").then().statusCode(201);
        as(client).body(gold).post(platform.task + "/api/v1/jobs/" + jobId + "/gold").then().statusCode(201);
        as(client).post(platform.task + "/api/v1/jobs/" + jobId + "/start").then().statusCode(200);

        Map<String, Double> accuracy = Map.of("w1", 0.95, "w2", 0.95, "w3", 0.95, "w4", 0.95, "spammer", -1.0);
        Map<String, String> workerIds = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(accuracy.size());
        List<Future<Integer>> done = new ArrayList<>();
        for (Map.Entry<String, Double> w : accuracy.entrySet()) {
            String username = w.getKey() + "-" + UUID.randomUUID().toString().substring(0, 8);
            String id = as(admin).body(Map.of("username", username, "password", "correct horse " + username,
                            "displayName", w.getKey())).post(platform.worker + "/api/v1/workers")
                    .then().statusCode(201).extract().path("id");
            workerIds.put(w.getKey(), id);
            String token = token(Map.of("username", username, "password", "correct horse " + username));
            done.add(pool.submit(() -> work(token, jobId, client, truth, w.getValue(), w.getKey())));
        }
        for (Future<Integer> f : done) {
            assertThat(f.get()).isPositive();
        }
        pool.shutdown();

        as(client).get(platform.task + "/api/v1/jobs/" + jobId).then().statusCode(200)
                .body("state", equalTo("completed"))
                .body("progress.resolvedItems", equalTo(ITEMS));

        // The completed job is re-merged by Dawid-Skene (job.completed → quality-service → item.resolved).
        List<Map<String, Object>> results = List.of();
        long remergeDeadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(60);
        while (System.currentTimeMillis() < remergeDeadline) {
            results = as(client).get(platform.task + "/api/v1/jobs/" + jobId + "/results")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            if (results.stream().allMatch(r -> "ds".equals(r.get("mergedBy")))) {
                break;
            }
            Thread.sleep(300);
        }
        assertThat(results).hasSize(ITEMS);
        assertThat(results).as("every label re-merged by the job's batch algorithm")
                .allMatch(r -> "ds".equals(r.get("mergedBy")));
        int correct = 0;
        for (Map<String, Object> r : results) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> labels = (List<Map<String, Object>>) r.get("labels");
            assertThat(r.get("resolved")).isEqualTo(true);
            assertThat(labels.size()).as("labels of %s", r.get("externalId")).isBetween(OVERLAP, MAX_OVERLAP);
            Set<Object> labelers = labels.stream().map(l -> l.get("workerId")).collect(Collectors.toSet());
            assertThat(labelers).as("no worker labels an item twice").hasSize(labels.size());
            Map<Object, Long> votes = labels.stream().collect(Collectors.groupingBy(l -> l.get("label"), Collectors.counting()));
            // Dawid-Skene may overrule a majority of unreliable workers, but never invents a label.
            assertThat(votes).as("merged label of %s is a label someone gave", r.get("externalId"))
                    .containsKey(r.get("label"));
            if (r.get("label").equals(truth.get(r.get("externalId")))) {
                correct++;
            }
        }
        assertThat((double) correct / ITEMS).as("merged accuracy").isGreaterThan(0.9);

        Response quality = as(client).get(platform.quality + "/api/v1/jobs/" + jobId + "/quality");
        quality.then().statusCode(200);
        Map<String, Double> goldAccuracy = new HashMap<>();
        Map<String, Integer> goldSeen = new HashMap<>();
        for (Map<String, Object> row : quality.jsonPath().<Map<String, Object>>getList("workers")) {
            String name = workerIds.entrySet().stream().filter(e -> e.getValue().equals(row.get("workerId")))
                    .findFirst().orElseThrow().getKey();
            goldAccuracy.put(name, ((Number) row.get("goldAccuracy")).doubleValue());
            goldSeen.put(name, ((Number) row.get("goldSeen")).intValue());
            assertThat(goldSeen.get(name)).as("%s saw gold", name).isPositive();
        }
        System.out.printf("LabelingLoopIT gold accuracy %s, gold answers %s%n", goldAccuracy, goldSeen);
        double spammer = goldAccuracy.remove("spammer");
        assertThat(goldAccuracy).hasSize(4);
        // Gold accuracy is a posterior mean with a Beta(1, 1) prior: an honest worker who drew only two gold items
        // and slipped once stands at 0.5 (it failed about 1% of runs at a 10% gold rate and 80 labels; rarer at 20%).
        // Compare those the data says something about.
        Map<String, Double> judged = new HashMap<>(goldAccuracy);
        judged.keySet().removeIf(name -> goldSeen.get(name) < 5);
        assertThat(judged).as("honest workers with at least 5 gold answers").hasSizeGreaterThanOrEqualTo(2);
        assertThat(judged.values()).as("honest workers' gold accuracy vs the spammer's %s", spammer)
                .allSatisfy(a -> assertThat(a).isGreaterThan(spammer + 0.2));
    }

    /** One simulated worker: claim, think, submit, until the job is completed. Returns the labels submitted. */
    private int work(String token, String jobId, String client, Map<String, String> truth, double accuracy, String name)
            throws InterruptedException {
        int submitted = 0;
        Set<String> seen = new HashSet<>();
        Set<String> seenGold = new HashSet<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            Response claim = as(token).body(Map.of("jobId", jobId, "max", 2)).post(platform.task + "/api/v1/claims");
            if (claim.statusCode() == 204) {
                String state = as(client).get(platform.task + "/api/v1/jobs/" + jobId).then().extract().path("state");
                if ("completed".equals(state)) {
                    System.out.printf("LabelingLoopIT %s: %d labels, %d distinct gold items seen%n", name, submitted,
                            seenGold.size());
                    return submitted;
                }
                Thread.sleep(150);
                continue;
            }
            claim.then().statusCode(200);
            List<Map<String, Object>> tasks = claim.jsonPath().getList("$");
            assertGoldRepeatsOnlyOnceAllWereSeen(tasks, seenGold, name);
            for (Map<String, Object> task : tasks) {
                String externalId = externalId(task);
                if (!externalId.startsWith("gold-")) {
                    assertThat(seen.add(externalId)).as("%s claimed %s twice", name, externalId).isTrue();
                }
                // Each worker's answer to an item is fixed, so a run does not hang on lucky draws.
                // SplittableRandom mixes its seed; java.util.Random's first draws for near seeds are correlated.
                SplittableRandom random = new SplittableRandom((name + "/" + externalId).hashCode());
                String answer = random.nextDouble() < accuracy ? truth.get(externalId)
                        : LABELS.get(random.nextInt(LABELS.size()));
                as(token).header("Idempotency-Key", UUID.randomUUID().toString())
                        .body(Map.of("label", answer, "durationMs", 800 + random.nextInt(2000)))
                        .post(platform.task + "/api/v1/assignments/" + task.get("assignmentId") + "/submission")
                        .then().statusCode(201);
                submitted++;
            }
        }
        throw new AssertionError("the job did not complete within 4 minutes");
    }

    /**
     * Gold is served unseen first; once a worker has seen every gold item it rotates, least recently
     * seen first. So a claim may repeat gold only if it also hands out every gold item still unseen.
     */
    private static void assertGoldRepeatsOnlyOnceAllWereSeen(List<Map<String, Object>> tasks, Set<String> seenGold,
            String name) {
        Set<String> gold = tasks.stream().map(LabelingLoopIT::externalId).filter(id -> id.startsWith("gold-"))
                .collect(Collectors.toSet());
        if (gold.stream().anyMatch(seenGold::contains)) {
            Set<String> unseen = new HashSet<>();
            for (int i = 0; i < GOLD; i++) {
                unseen.add("gold-" + i);
            }
            unseen.removeAll(seenGold);
            assertThat(gold).as("%s was handed gold again (%s) while gold remained unseen", name, gold)
                    .containsAll(unseen);
        }
        seenGold.addAll(gold);
    }

    @SuppressWarnings("unchecked")
    private static String externalId(Map<String, Object> task) {
        return ((Map<String, String>) task.get("data")).get("url");
    }

    private String token(Map<String, String> credentials) {
        return given().contentType(ContentType.JSON).body(credentials).post(platform.worker + "/api/v1/auth/token")
                .then().statusCode(200).extract().path("accessToken");
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }
}
