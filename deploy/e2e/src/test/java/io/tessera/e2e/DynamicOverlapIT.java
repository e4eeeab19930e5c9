package io.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.testkit.TestJwt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Dynamic overlap and verdicts over Kafka, through the three services: with a confidence target,
 * items the workers agree on resolve with fewer labels than maxOverlap and contested items get
 * more; a worker who fails gold is judged by quality-service, blocked through worker-service and
 * task-service, and their labels are rejected and collected again from others.
 */
class DynamicOverlapIT {
    private static final int EASY = 30;
    private static final int CONTESTED = 20;
    private static final int GOLD = 12;
    private static final int MAX_OVERLAP = 5;
    private final Platform platform = Platform.get();

    @Test
    void easyItemsNeedFewerLabelsContestedOnesMoreAndTheSpammerIsBlockedAndRecollected() throws Exception {
        String client = TestJwt.client(UUID.randomUUID());
        Map<String, Object> job = new HashMap<>();
        job.put("name", "Cats and dogs");
        job.put("schema", Map.of("kind", "categorical", "labels", List.of("cat", "dog", "fox")));
        job.put("overlap", 2);
        job.put("maxOverlap", MAX_OVERLAP);
        job.put("goldRate", 0.4);
        job.put("leaseSeconds", 60);
        job.put("quality", Map.of("confidenceTarget", 0.9, "minGoldAccuracy", 0.5, "minGoldAnswers", 2,
                "blockScope", "platform"));
        UUID jobId = UUID.fromString(Http.post(platform.task + "/api/v1/jobs", client, job, Map.of()).body().path("id").asText());
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < EASY + CONTESTED; i++) {
            items.add(Map.of("externalId", (i < EASY ? "easy-" : "contested-") + i, "data", Map.of("id", i)));
        }
        assertThat(Http.post(platform.task + "/api/v1/jobs/" + jobId + "/items", client, items, Map.of()).status()).isEqualTo(201);
        List<Map<String, Object>> gold = new ArrayList<>();
        for (int g = 0; g < GOLD; g++) {
            gold.add(Map.of("externalId", "gold-" + g, "data", Map.of("id", 1000 + g), "answer", "cat"));
        }
        assertThat(Http.post(platform.task + "/api/v1/jobs/" + jobId + "/gold", client, gold, Map.of()).status()).isEqualTo(201);
        assertThat(Http.post(platform.task + "/api/v1/jobs/" + jobId + "/start", client, "", Map.of()).status()).isEqualTo(200);

        // Honest workers: right on gold and on easy items ("cat"), split three ways on contested items.
        // The spammer answers "dog" to everything, so fails every gold question.
        // The spammer has a real account, since worker-service blocks only workers it knows.
        String admin = Http.post(platform.worker + "/api/v1/auth/token", "",
                Map.of("username", Platform.ADMIN, "password", Platform.ADMIN_PASSWORD), Map.of()).body()
                .path("accessToken").asText();
        String username = "spammer-" + UUID.randomUUID().toString().substring(0, 8);
        UUID spammer = UUID.fromString(Http.post(platform.worker + "/api/v1/workers", admin,
                Map.of("username", username, "password", "spam spam spam", "displayName", "Spammer"), Map.of())
                .body().path("id").asText());
        String spammerToken = Http.post(platform.worker + "/api/v1/auth/token", "",
                Map.of("username", username, "password", "spam spam spam"), Map.of()).body().path("accessToken").asText();
        Map<UUID, Boolean> workers = new HashMap<>();
        for (int w = 0; w < 6; w++) {
            workers.put(UUID.randomUUID(), true);
        }
        workers.put(spammer, false);
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(workers.size());
        List<Future<?>> running = new ArrayList<>();
        int n = 0;
        for (Map.Entry<UUID, Boolean> w : workers.entrySet()) {
            int index = n++;
            String token = w.getKey().equals(spammer) ? spammerToken : TestJwt.worker(w.getKey());
            running.add(pool.submit(() -> work(jobId, token, w.getValue(), index, done)));
        }
        long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(4);
        while (System.currentTimeMillis() < deadline && !done.get()) {
            done.set("completed".equals(Http.get(platform.task + "/api/v1/jobs/" + jobId, client).body().path("state").asText()));
            Thread.sleep(300);
        }
        done.set(true);
        for (Future<?> f : running) {
            f.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(Http.get(platform.task + "/api/v1/jobs/" + jobId, client).body().path("state").asText())
                .isEqualTo("completed");

        JsonNode quality = Http.get(platform.quality + "/api/v1/jobs/" + jobId + "/quality", client).body();
        JsonNode judged = null;
        for (JsonNode row : quality.path("workers")) {
            if (row.path("workerId").asText().equals(spammer.toString())) {
                judged = row;
            } else {
                assertThat(row.path("verdict").isNull() || row.path("verdict").isMissingNode())
                        .as("honest worker %s not judged", row.path("workerId").asText()).isTrue();
            }
        }
        assertThat(judged).as("the spammer labeled").isNotNull();
        // Judged once it had answered the policy's minimum of gold (2), every one wrong. Workers are checked after
        // their labels commit (a poll's worth at a time), so a third gold answer may already count by then.
        String reason = judged.path("verdict").path("reason").asText();
        Matcher figures = Pattern.compile("gold accuracy 0\\.00 after (\\d+) gold answers is below 0\\.50").matcher(reason);
        assertThat(figures.matches()).as(reason).isTrue();
        assertThat(Integer.parseInt(figures.group(1))).as(reason).isGreaterThanOrEqualTo(2);

        JsonNode results = Http.get(platform.task + "/api/v1/jobs/" + jobId + "/results", client).body();
        double easyLabels = 0;
        double contestedLabels = 0;
        int recollected = 0;
        for (JsonNode r : results) {
            long counted = 0;
            boolean spammed = false;
            for (JsonNode l : r.path("labels")) {
                if (l.path("workerId").asText().equals(spammer.toString())) {
                    spammed = true;
                } else {
                    counted++;
                }
            }
            if (spammed) {
                recollected++;
            }
            boolean easy = r.path("externalId").asText().startsWith("easy");
            if (easy) {
                easyLabels += counted;
                assertThat(r.path("label").asText()).as("easy items resolve to the honest answer").isEqualTo("cat");
                assertThat(counted).as("easy item %s", r.path("externalId").asText()).isLessThan(MAX_OVERLAP);
            } else {
                contestedLabels += counted;
            }
        }
        System.out.printf("DynamicOverlapIT: %.2f counted labels per easy item, %.2f per contested item; "
                + "%d items had the spammer's label and were collected again%n",
                easyLabels / EASY, contestedLabels / CONTESTED, recollected);
        // Which workers meet on an item is up to timing, so compare the means with a margin, not exact counts.
        assertThat(easyLabels / EASY).as("easy items resolve with fewer labels than maxOverlap").isLessThan(MAX_OVERLAP - 2);
        assertThat(contestedLabels / CONTESTED).as("contested items get more labels").isGreaterThan(easyLabels / EASY + 0.3);
        assertThat(judged.path("rejectedLabels").asInt()).as("the spammer's labels were rejected").isEqualTo(recollected);

        // The platform-wide block travelled quality → worker-service → task-service: another job refuses the spammer.
        Map<String, Object> other = new HashMap<>(job);
        other.put("name", "Another job");
        UUID otherJob = UUID.fromString(Http.post(platform.task + "/api/v1/jobs", client, other, Map.of()).body().path("id").asText());
        Http.post(platform.task + "/api/v1/jobs/" + otherJob + "/items", client, List.of(Map.of("externalId", "x", "data", Map.of("id", 1))), Map.of());
        Http.post(platform.task + "/api/v1/jobs/" + otherJob + "/start", client, "", Map.of());
        long until = System.currentTimeMillis() + 20_000;
        int status = 0;
        while (System.currentTimeMillis() < until && status != 403) {
            status = Http.post(platform.task + "/api/v1/claims", spammerToken, Map.of("jobId", otherJob.toString()),
                    Map.of()).status();
            pause(200);
        }
        assertThat(status).as("the spammer is blocked everywhere").isEqualTo(403);
        assertThat(Http.post(platform.task + "/api/v1/claims", TestJwt.worker(UUID.randomUUID()),
                Map.of("jobId", otherJob.toString()), Map.of()).status()).isEqualTo(200);
    }

    private void work(UUID job, String token, boolean honest, int index, AtomicBoolean done) {
        while (!done.get()) {
            Http.Reply claim = Http.post(platform.task + "/api/v1/claims", token, Map.of("jobId", job.toString()), Map.of());
            if (claim.status() != 200) {
                pause(150); // 204: nothing now; 403: blocked
                continue;
            }
            for (JsonNode task : claim.body()) {
                int id = task.path("data").path("id").asInt();
                String label;
                if (!honest) {
                    label = "dog";
                } else if (id >= 1000 || id < EASY) {
                    label = "cat";
                } else {
                    label = List.of("cat", "dog", "fox").get(new java.util.SplittableRandom(id * 31L + index).nextInt(3));
                }
                Http.post(platform.task + "/api/v1/assignments/" + task.path("assignmentId").asText() + "/submission",
                        token, Map.of("label", label, "durationMs", 2000), Map.of());
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
