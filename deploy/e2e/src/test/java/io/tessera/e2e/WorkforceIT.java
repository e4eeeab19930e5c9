package io.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The workforce loop of issue 5 through the three packaged services, real PostgreSQL and Kafka:
 * qualification exams (task-service exam job → quality-service scores the gold → worker-service counts
 * the attempt, grants the qualification or blocks for the retry delay → task-service's worker view),
 * a spammer blocked by a quality verdict who loses their open lease and is not paid, and the ledger
 * adding up to the cent. Every account is real (worker-service counts exams and pays only workers it
 * knows) and signs in with its password.
 */
class WorkforceIT {
    private static final int REWARD = 7;
    private static final int BONUS = 150;
    private final Platform platform = Platform.get();

    /** A real worker account: id and a signed-in token (with the vendor claim when on a floor). */
    private record Worker(UUID id, String token) {
    }

    @Test
    void aWorkerPassesTheExamToClaimAndASpammerIsBlockedLosesTheLeaseAndIsNotPaid() throws Exception {
        long started = System.nanoTime();
        String admin = signIn(Platform.ADMIN, Platform.ADMIN_PASSWORD);
        String client = client(admin);
        UUID vendor = id(ok(post(platform.worker + "/api/v1/vendors", admin, Map.of("name", "Floor " + suffix())), 201));
        Worker ana = worker(admin, "ana", vendor);
        Worker hal = worker(admin, "hal", vendor);
        Worker ivy = worker(admin, "ivy", vendor);
        Worker sam = worker(admin, "sam", vendor);

        // The client's exam (four questions, 75 % to pass) and the qualification it grants.
        String qualification = "sentiment-" + suffix();
        UUID exam = examJob(client, qualification, 4, List.of("lovely", "awful", "superb", "dreadful"));
        UUID qualificationId = id(ok(post(platform.worker + "/api/v1/qualifications", client, Map.of("name", qualification,
                "exam", Map.of("jobId", exam.toString(), "passPercent", 75, "goldPerAttempt", 4, "maxAttempts", 2,
                        "retryDelay", "PT1H"))), 201));
        UUID job = labelingJob(client, qualification);

        // Without the qualification: 403 on the job that requires it.
        assertThat(claim(ana, job, 1).status()).as("no qualification, no claim").isEqualTo(403);

        // The exam: four distinct questions, no answers revealed, three of four right passes.
        Http.Reply questions = claim(ana, exam, 20);
        assertThat(questions.status()).isEqualTo(200);
        assertThat(questions.body()).hasSize(4);
        Set<String> texts = new HashSet<>();
        int wrong = 0;
        for (JsonNode q : questions.body()) {
            String text = q.path("data").path("text").asText();
            texts.add(text);
            String label = wrong++ == 0 ? opposite(sentiment(text)) : sentiment(text); // one miss: 3 of 4
            Http.Reply answer = submit(ana, q, label);
            assertThat(answer.status()).isEqualTo(201);
            assertThat(answer.body().has("feedback")).as("an exam never reveals answers").isFalse();
        }
        assertThat(texts).hasSize(4);
        Http.Reply firstLabel = await("the qualification reached task-service", () -> {
            Http.Reply r = claim(ana, job, 1);
            return r.status() == 200 ? r : null;
        });
        assertThat(claim(ana, exam, 1).status()).as("the exam is closed to a holder").isEqualTo(403);
        JsonNode certificates = Http.get(platform.worker + "/api/v1/workers/me/qualifications", ana.token()).body();
        assertThat(certificates.get(0).path("name").asText()).isEqualTo(qualification);
        assertThat(certificates.get(0).path("source").asText()).isEqualTo("exam");
        assertThat(certificates.get(0).path("exam").path("correct").asInt()).isEqualTo(3);

        // The others get the qualification from an admin.
        for (Worker w : List.of(hal, ivy, sam)) {
            ok(post(platform.worker + "/api/v1/workers/" + w.id() + "/qualifications", admin,
                    Map.of("qualificationId", qualificationId.toString())), 201);
        }
        Map<UUID, AtomicInteger> submitted = new ConcurrentHashMap<>();
        for (Worker w : List.of(ana, hal, ivy, sam)) {
            submitted.put(w.id(), new AtomicInteger());
        }

        assertThat(submit(ana, firstLabel.body().get(0), sentiment(firstLabel.body().get(0).path("data").path("text")
                .asText())).status()).isEqualTo(201);
        submitted.get(ana.id()).incrementAndGet();

        // The spammer goes first, alone: holds one lease open and answers "neg" to everything, so fails
        // the gold ("pos") until quality-service judges them; worker-service blocks, task-service releases.
        Http.Reply held = await("the spammer's qualification reached task-service", () -> {
            Http.Reply r = claim(sam, job, 1);
            return r.status() == 200 ? r : null;
        });
        int spamStatus;
        List<Instant> spamTimes = java.util.Collections.synchronizedList(new ArrayList<>());
        while ((spamStatus = claimAndSubmit(sam, job, w -> "neg", submitted, spamTimes)) == 200) {
            // until the block arrives
        }
        assertThat(spamStatus).as("the spammer is blocked from the job").isEqualTo(403);
        Http.Reply late = submit(sam, held.body().get(0), "neg");
        assertThat(late.status()).as("the open lease was released").isEqualTo(409);
        assertThat(Http.get(platform.task + "/api/v1/jobs/" + job, client).body().path("progress").path("activeLeases")
                .asInt()).as("no lease left").isZero();

        // The honest workers finish the job, the spammer's rejected labels collected again.
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> running = new ArrayList<>();
        for (Worker w : List.of(ana, hal, ivy)) {
            running.add(pool.submit(() -> {
                while (!done.get()) {
                    if (claimAndSubmit(w, job, WorkforceIT::sentiment, submitted, new ArrayList<>()) != 200) {
                        pause(200);
                    }
                }
            }));
        }
        String state = await("the job completed", () -> {
            String s = Http.get(platform.task + "/api/v1/jobs/" + job, client).body().path("state").asText();
            return "completed".equals(s) ? s : null;
        });
        done.set(true);
        for (Future<?> f : running) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(state).isEqualTo("completed");

        JsonNode quality = Http.get(platform.quality + "/api/v1/jobs/" + job + "/quality", client).body();
        Instant decidedAt = null;
        for (JsonNode row : quality.path("workers")) {
            boolean spammer = row.path("workerId").asText().equals(sam.id().toString());
            assertThat(row.path("verdict").isObject()).as("verdict of %s", row.path("workerId").asText()).isEqualTo(spammer);
            if (spammer) {
                decidedAt = Instant.parse(row.path("verdict").path("decidedAt").asText());
            }
        }
        Instant verdictAt = decidedAt;
        long afterVerdict = spamTimes.stream().filter(t -> t.isAfter(verdictAt)).count();

        // A bonus, then the ledger: honest workers earn REWARD per submission (gold answers too, which they
        // cannot tell apart) plus bonuses; the spammer's rewards are all reversed; the vendor's balance is
        // the sum of its workers'. Exams pay their job's reward, here none.
        ok(post(platform.worker + "/api/v1/workers/" + ana.id() + "/bonuses", client,
                Map.of("jobId", job.toString(), "amountCents", BONUS, "reason", "passed the exam and labeled well")), 201);
        Map<UUID, Long> expected = new HashMap<>();
        for (Worker w : List.of(ana, hal, ivy)) {
            expected.put(w.id(), (long) submitted.get(w.id()).get() * REWARD + (w == ana ? BONUS : 0));
        }
        expected.put(sam.id(), 0L);
        await("every reward and reversal was booked", () -> {
            for (Map.Entry<UUID, Long> e : expected.entrySet()) {
                JsonNode earnings = Http.get(platform.worker + "/api/v1/workers/" + e.getKey() + "/earnings", admin).body();
                if (earnings.path("balanceCents").asLong() != e.getValue()) {
                    return null;
                }
            }
            JsonNode spam = Http.get(platform.worker + "/api/v1/workers/" + sam.id() + "/earnings", admin).body();
            return spam.path("rewardsCents").asLong() == (long) submitted.get(sam.id()).get() * REWARD ? spam : null;
        });
        JsonNode spam = Http.get(platform.worker + "/api/v1/workers/" + sam.id() + "/earnings", admin).body();
        assertThat(spam.path("reversalsCents").asLong()).isEqualTo(-spam.path("rewardsCents").asLong());
        assertThat(submitted.get(sam.id()).get()).as("the spammer did submit").isPositive();
        JsonNode floor = Http.get(platform.worker + "/api/v1/vendors/" + vendor + "/earnings", admin).body();
        assertThat(floor.path("balanceCents").asLong()).as("the vendor's balance")
                .isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
        assertThat(floor.path("bonusesCents").asLong()).isEqualTo(BONUS);
        System.out.printf("WorkforceIT pass path: %d s; submissions %s; the spammer's stored after the verdict: %d%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), submitted, afterVerdict);
    }

    @Test
    void aFailedExamWaitsOutTheRetryDelayAndEndsWithNoAttemptsLeft() {
        String admin = signIn(Platform.ADMIN, Platform.ADMIN_PASSWORD);
        String client = client(admin);
        Worker bob = worker(admin, "bob", null);
        String qualification = "boxes-" + suffix();
        UUID exam = examJob(client, qualification, 2, List.of("lovely", "awful", "superb"));
        ok(post(platform.worker + "/api/v1/qualifications", client, Map.of("name", qualification, "exam",
                Map.of("jobId", exam.toString(), "passPercent", 100, "goldPerAttempt", 2, "maxAttempts", 2,
                        "retryDelay", "PT4S"))), 201);
        UUID job = labelingJob(client, qualification);

        for (int attempt = 1; attempt <= 2; attempt++) {
            int number = attempt;
            Http.Reply questions = await("attempt " + attempt + " can start", () -> {
                Http.Reply r = claim(bob, exam, 20);
                assertThat(r.status()).as("before attempt %d", number).isIn(200, 204, 403);
                return r.status() == 200 ? r : null;
            });
            if (questions.body().size() < 2) { // a claim hands out what is free; the attempt has two
                Http.Reply more = claim(bob, exam, 20);
                assertThat(more.status()).isEqualTo(200);
                ((com.fasterxml.jackson.databind.node.ArrayNode) questions.body()).addAll(
                        (com.fasterxml.jackson.databind.node.ArrayNode) more.body());
            }
            assertThat(questions.body()).hasSize(2);
            for (JsonNode q : questions.body()) {
                assertThat(submit(bob, q, opposite(sentiment(q.path("data").path("text").asText()))).status()).isEqualTo(201);
            }
            // The attempt is handed out: nothing more (204) until worker-service's block arrives (403).
            Http.Reply refused = await("attempt " + attempt + " was scored", () -> {
                Http.Reply r = claim(bob, exam, 20);
                assertThat(r.status()).as("after attempt %d", number).isIn(204, 403);
                return r.status() == 403 ? r : null;
            });
            assertThat(refused.body().path("status").asInt()).isEqualTo(403);
            JsonNode standing = Http.get(platform.worker + "/api/v1/workers/me/exams", bob.token()).body().get(0);
            assertThat(standing.path("attemptsLeft").asInt()).isEqualTo(2 - attempt);
            assertThat(standing.path("passed").asBoolean()).isFalse();
            if (attempt == 1) {
                Instant next = Instant.parse(standing.path("nextAttemptAt").asText());
                assertThat(next).isAfter(Instant.now());
                assertThat(claim(bob, exam, 1).status()).as("within the retry delay").isEqualTo(403);
            } else {
                assertThat(standing.path("nextAttemptAt").isNull()).isTrue();
            }
        }
        pause(4_500); // past what would have been the retry delay: no attempts left means closed for good
        assertThat(claim(bob, exam, 1).status()).as("no attempts left").isEqualTo(403);
        assertThat(claim(bob, job, 1).status()).as("never qualified").isEqualTo(403);
        assertThat(Http.get(platform.worker + "/api/v1/workers/me/qualifications", bob.token()).body()).isEmpty();
    }

    // --- the platform, as its users see it ---

    /** An exam job (gold only): one question per text, the answer from the text's word. */
    private UUID examJob(String client, String qualification, int questions, List<String> words) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Exam " + qualification);
        body.put("purpose", "exam");
        body.put("schema", Map.of("kind", "categorical", "labels", List.of("pos", "neg")));
        body.put("leaseSeconds", 60);
        body.put("examQuestions", questions);
        body.put("grantsQualification", qualification);
        UUID exam = id(ok(post(platform.task + "/api/v1/jobs", client, body), 201));
        List<Map<String, Object>> gold = new ArrayList<>();
        for (String word : words) {
            gold.add(Map.of("externalId", word, "data", Map.of("text", word + " film"), "answer", sentiment(word),
                    "explanation", "'" + word + "' is " + sentiment(word)));
        }
        ok(post(platform.task + "/api/v1/jobs/" + exam + "/gold", client, gold), 201);
        ok(post(platform.task + "/api/v1/jobs/" + exam + "/start", client, ""), 200);
        return exam;
    }

    /** A labeling job that requires the qualification, pays REWARD, and blocks a worker who fails two gold. */
    private UUID labelingJob(String client, String qualification) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Reviews");
        body.put("schema", Map.of("kind", "categorical", "labels", List.of("pos", "neg")));
        body.put("overlap", 2);
        body.put("goldRate", 0.5);
        body.put("leaseSeconds", 60);
        body.put("rewardCents", REWARD);
        body.put("requiredQualifications", List.of(qualification));
        body.put("quality", Map.of("minGoldAccuracy", 0.5, "minGoldAnswers", 2, "blockScope", "job"));
        UUID job = id(ok(post(platform.task + "/api/v1/jobs", client, body), 201));
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            items.add(Map.of("externalId", "r" + i, "data", Map.of("text", (i % 2 == 0 ? "superb" : "awful") + " item " + i)));
        }
        List<Map<String, Object>> gold = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            gold.add(Map.of("externalId", "g" + i, "data", Map.of("text", "lovely gold " + i), "answer", "pos"));
        }
        ok(post(platform.task + "/api/v1/jobs/" + job + "/items", client, items), 201);
        ok(post(platform.task + "/api/v1/jobs/" + job + "/gold", client, gold), 201);
        ok(post(platform.task + "/api/v1/jobs/" + job + "/start", client, ""), 200);
        return job;
    }

    private static String sentiment(String text) {
        return text.startsWith("lovely") || text.startsWith("superb") ? "pos" : "neg";
    }

    private static String opposite(String label) {
        return "pos".equals(label) ? "neg" : "pos";
    }

    /** One claim and its submissions; the claim's status (200, 204 nothing now, 403 blocked). */
    private int claimAndSubmit(Worker w, UUID job, java.util.function.Function<String, String> label,
            Map<UUID, AtomicInteger> submitted, List<Instant> times) {
        Http.Reply r = claim(w, job, 2);
        if (r.status() == 200) {
            for (JsonNode task : r.body()) {
                if (submit(w, task, label.apply(task.path("data").path("text").asText())).status() == 201) {
                    submitted.get(w.id()).incrementAndGet();
                    times.add(Instant.now());
                }
            }
        }
        return r.status();
    }

    private Http.Reply claim(Worker w, UUID job, int max) {
        return Http.post(platform.task + "/api/v1/claims", w.token(), Map.of("jobId", job.toString(), "max", max), Map.of());
    }

    private Http.Reply submit(Worker w, JsonNode task, String label) {
        String id = task.path("assignmentId").asText();
        return Http.post(platform.task + "/api/v1/assignments/" + id + "/submission", w.token(),
                Map.of("label", label, "durationMs", 3000), Map.of("Idempotency-Key", id));
    }

    /** An organisation with an API key, signed in as its client. */
    private String client(String admin) {
        UUID org = id(ok(post(platform.worker + "/api/v1/orgs", admin, Map.of("name", "Acme " + suffix())), 201));
        String key = ok(post(platform.worker + "/api/v1/orgs/" + org + "/api-keys", admin, Map.of("name", "e2e")), 201)
                .path("apiKey").asText();
        return ok(Http.post(platform.worker + "/api/v1/auth/token", "", Map.of("apiKey", key), Map.of()), 200)
                .path("accessToken").asText();
    }

    private Worker worker(String admin, String name, UUID vendor) {
        String username = name + "-" + suffix();
        Map<String, Object> body = new HashMap<>(Map.of("username", username, "password", "labeling pass " + name,
                "displayName", name));
        if (vendor != null) {
            body.put("vendorId", vendor.toString());
        }
        UUID id = id(ok(post(platform.worker + "/api/v1/workers", admin, body), 201));
        return new Worker(id, signIn(username, "labeling pass " + name));
    }

    private String signIn(String username, String password) {
        return ok(Http.post(platform.worker + "/api/v1/auth/token", "", Map.of("username", username, "password", password),
                Map.of()), 200).path("accessToken").asText();
    }

    private static Http.Reply post(String url, String token, Object body) {
        return Http.post(url, token, body, Map.of());
    }

    private static JsonNode ok(Http.Reply reply, int status) {
        assertThat(reply.status()).as("%s", reply.body()).isEqualTo(status);
        return reply.body();
    }

    private static UUID id(JsonNode body) {
        return UUID.fromString(body.path("id").asText());
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Polls every 100 ms for up to 30 s until {@code probe} returns something. */
    private static <T> T await(String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            pause(100);
        }
        throw new AssertionError("not within 30 s: " + what);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
