package io.tessera.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Everything before the load: sign-ins, the client organisation and its API key, worker accounts,
 * jobs and uploads, through the public API with java.net.http (not on the measured path).
 *
 * <p>Sign-in costs one PBKDF2 check (600,000 iterations, ~0.1 s of a core) and so does creating an
 * account, so worker accounts and their tokens are kept in deploy/bench/.state/accounts.json (mode
 * 600, git-ignored) and reused across runs; a token is renewed when it would expire during the
 * next measurement, and an account that no longer signs in (a reset database) is created again.
 */
final class Api {
    private static final SecureRandom RANDOM = new SecureRandom();
    final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Options o;
    private final Path stateFile;
    private ObjectNode state;
    private String adminToken;
    private String clientToken;
    private Instant clientExpires = Instant.EPOCH;

    /** A simulated worker's account and its current token. */
    static final class Worker {
        final String username;
        volatile String token;
        volatile Instant expires;

        Worker(String username, String token, Instant expires) {
            this.username = username;
            this.token = token;
            this.expires = expires;
        }
    }

    final List<Worker> workers = new ArrayList<>();

    Api(Options o) {
        this.o = o;
        this.stateFile = o.root.resolve("deploy/bench/.state/accounts.json");
    }

    // ---- accounts -------------------------------------------------------------------------------

    void signInAdmin() throws IOException, InterruptedException {
        String user = Options.env("TESSERA_ADMIN_USERNAME", "admin");
        String password = System.getenv("TESSERA_ADMIN_PASSWORD");
        if (password == null || password.isBlank()) {
            Path file = o.root.resolve("deploy/.local/admin-password");
            if (!Files.exists(file)) {
                throw new IllegalStateException("no admin password: set TESSERA_ADMIN_PASSWORD or start the stack with deploy/run.sh");
            }
            password = Files.readString(file).trim();
        }
        ObjectNode body = json.createObjectNode().put("username", user).put("password", password);
        Response r = send("POST", o.workerUrl + "/api/v1/auth/token", null, "application/json", bytes(body));
        r.expect(200, "admin sign-in");
        adminToken = r.json().path("accessToken").asText();
    }

    /** Loads or creates the client organisation, its API key and {@code count} worker accounts with fresh tokens. */
    void prepareAccounts(int count, Duration validFor) throws Exception {
        loadState();
        clientToken();
        ArrayNode cached = (ArrayNode) state.withArray("workers");
        for (int i = 0; i < count; i++) {
            if (i < cached.size()) {
                JsonNode w = cached.get(i);
                workers.add(new Worker(w.path("username").asText(), w.path("token").asText(null),
                        Instant.parse(w.path("expires").asText(Instant.EPOCH.toString()))));
            } else {
                workers.add(new Worker(state.path("prefix").asText() + "-" + i, null, Instant.EPOCH));
            }
        }
        // A reused token must still verify (the key pair may have been regenerated).
        Worker probe = workers.get(0);
        if (probe.token != null && probe.expires.isAfter(Instant.now())) {
            Response me = send("GET", o.workerUrl + "/api/v1/workers/me", probe.token, null, null);
            if (me.status == 401) {
                System.out.println("[bench] cached worker tokens are refused (new keys?): signing in again");
                workers.forEach(w -> w.expires = Instant.EPOCH);
            }
        }
        ensureWorkerTokens(validFor);
    }

    /** Renews every worker token that expires within {@code validFor}; creates missing accounts. */
    void ensureWorkerTokens(Duration validFor) throws Exception {
        Instant needed = Instant.now().plus(validFor);
        List<Worker> stale = workers.stream().filter(w -> w.token == null || w.expires.isBefore(needed)).toList();
        if (stale.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        System.out.printf("[bench] signing in %d worker accounts (PBKDF2 in worker-service: ~0.1 s of CPU each, "
                + "more for accounts created now) ...%n", stale.size());
        // Two at a time: PBKDF2 is CPU-bound and the machine has two cores.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Cpu.cores()));
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Worker w : stale) {
                done.add(pool.submit(() -> {
                    signInOrCreate(w);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("[bench] %d tokens in %.1f s%n", stale.size(), (System.nanoTime() - t0) / 1e9);
        saveState();
    }

    private void signInOrCreate(Worker w) throws IOException, InterruptedException {
        String password = state.path("password").asText();
        ObjectNode body = json.createObjectNode().put("username", w.username).put("password", password);
        Response r = send("POST", o.workerUrl + "/api/v1/auth/token", null, "application/json", bytes(body));
        if (r.status == 401) {
            ObjectNode account = json.createObjectNode().put("username", w.username).put("password", password)
                    .put("displayName", "Bench worker " + w.username);
            send("POST", o.workerUrl + "/api/v1/workers", adminToken, "application/json", bytes(account))
                    .expect(201, "create worker " + w.username);
            r = send("POST", o.workerUrl + "/api/v1/auth/token", null, "application/json", bytes(body));
        }
        r.expect(200, "sign-in of " + w.username);
        JsonNode t = r.json();
        w.expires = Instant.now().plusSeconds(t.path("expiresIn").asLong(3600) - 5);
        w.token = t.path("accessToken").asText();
    }

    private String clientToken() throws IOException, InterruptedException {
        if (clientToken != null && clientExpires.isAfter(Instant.now().plusSeconds(120))) {
            return clientToken;
        }
        Response r = null;
        if (state.hasNonNull("apiKey")) {
            r = send("POST", o.workerUrl + "/api/v1/auth/token", null, "application/json",
                    bytes(json.createObjectNode().put("apiKey", state.path("apiKey").asText())));
        }
        if (r == null || r.status == 401) {
            Response org = send("POST", o.workerUrl + "/api/v1/orgs", adminToken, "application/json",
                    bytes(json.createObjectNode().put("name", "Tessera bench " + state.path("prefix").asText())));
            org.expect(201, "create organisation");
            String orgId = org.json().path("id").asText();
            Response key = send("POST", o.workerUrl + "/api/v1/orgs/" + orgId + "/api-keys", adminToken, "application/json",
                    bytes(json.createObjectNode().put("name", "bench")));
            key.expect(201, "create API key");
            state.put("orgId", orgId).put("apiKey", key.json().path("apiKey").asText());
            saveState();
            r = send("POST", o.workerUrl + "/api/v1/auth/token", null, "application/json",
                    bytes(json.createObjectNode().put("apiKey", state.path("apiKey").asText())));
        }
        r.expect(200, "client sign-in with the API key");
        clientToken = r.json().path("accessToken").asText();
        clientExpires = Instant.now().plusSeconds(r.json().path("expiresIn").asLong(3600) - 5);
        return clientToken;
    }

    private void loadState() throws IOException {
        if (Files.exists(stateFile)) {
            state = (ObjectNode) json.readTree(stateFile.toFile());
        } else {
            state = json.createObjectNode();
        }
        if (!state.hasNonNull("prefix")) {
            state.put("prefix", "bench" + Long.toString(RANDOM.nextLong() & 0xffffffL, 36));
            state.put("password", Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36) + "-bench");
            state.remove("workers");
        }
    }

    private void saveState() throws IOException {
        ArrayNode list = json.createArrayNode();
        for (Worker w : workers) {
            list.addObject().put("username", w.username).put("token", w.token).put("expires", w.expires.toString());
        }
        ArrayNode old = (ArrayNode) state.withArray("workers");
        for (int i = workers.size(); i < old.size(); i++) {
            list.add(old.get(i));
        }
        state.set("workers", list);
        Files.createDirectories(stateFile.getParent());
        Path tmp = stateFile.resolveSibling("accounts.json.tmp");
        Files.writeString(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsString(state));
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    // ---- jobs -----------------------------------------------------------------------------------

    /** A new running job with {@code items} items (overlap 3, no gold); returns its id and the upload rate. */
    record Job(UUID id, double uploadItemsPerSecond) {
    }

    Job createJob(int items, int batch, String name) throws IOException, InterruptedException {
        String token = clientToken();
        ObjectNode body = json.createObjectNode().put("name", name).put("instructions", "Is the review positive?")
                .put("overlap", 3).put("maxOverlap", 3).put("goldRate", 0.0).put("leaseSeconds", 600);
        body.putObject("schema").put("kind", "categorical").putArray("labels").add("pos").add("neg");
        Response r = send("POST", o.taskUrl + "/api/v1/jobs", token, "application/json", bytes(body));
        r.expect(201, "create job");
        UUID job = UUID.fromString(r.json().path("id").asText());
        long uploadNanos = 0;
        for (int from = 1; from <= items; from += batch) {
            int to = Math.min(items, from + batch - 1);
            StringBuilder sb = new StringBuilder((to - from + 1) * 110);
            for (int i = from; i <= to; i++) {
                sb.append("{\"externalId\":\"i").append(i).append("\",\"data\":{\"text\":\"Review ").append(i)
                        .append(": ").append(Bench.ITEM_TEXT).append("\"}}\n");
            }
            byte[] jsonl = sb.toString().getBytes(StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            send("POST", o.taskUrl + "/api/v1/jobs/" + job + "/items", token, "application/x-ndjson", jsonl)
                    .expect(201, "upload items " + from + "-" + to);
            uploadNanos += System.nanoTime() - t0;
        }
        send("POST", o.taskUrl + "/api/v1/jobs/" + job + "/start", token, null, null).expect(200, "start job");
        return new Job(job, items / (uploadNanos / 1e9));
    }

    void cancelJob(UUID job) {
        try {
            send("POST", o.taskUrl + "/api/v1/jobs/" + job + "/cancel", clientToken(), null, null);
        } catch (Exception e) {
            System.out.println("[bench] cancelling job " + job + " failed: " + e);
        }
    }

    // ---- HTTP -----------------------------------------------------------------------------------

    record Response(int status, String body, ObjectMapper mapper) {
        Response expect(int wanted, String what) {
            if (status != wanted && !(wanted == 200 && status == 204)) {
                throw new IllegalStateException(what + ": HTTP " + status + " " + body);
            }
            return this;
        }

        JsonNode json() {
            try {
                return mapper.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    Response send(String method, String url, String token, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), json);
    }

    private byte[] bytes(JsonNode node) throws IOException {
        return json.writeValueAsBytes(node);
    }
}
