package io.tessera.e2e;

import io.tessera.testkit.TestDatabase;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TestKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole platform for end-to-end tests: the three packaged services started as processes (as
 * in production), each with a fresh database, the in-process Kafka broker, and the run's JWT keys.
 * Started once per test JVM; stopped when it exits.
 *
 * <p>Each service binds port 0 and the test reads the port the kernel gave it from the service's log.
 * A port picked free beforehand can be taken before the service binds it: a CI run hung when
 * worker-service's transaction manager (Narayana's status listener, on an ephemeral port) took the
 * port chosen for quality-service, which then exited, and the readiness check waited forever on a
 * socket that never answers HTTP.
 */
public final class Platform {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = UUID.randomUUID().toString();
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    private static final List<Process> PROCESSES = new ArrayList<>();
    /** Quarkus's start line: "... started in 3.0s. Listening on: http://0.0.0.0:36389". */
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:\\s]+:(\\d+)");
    private static Platform instance;

    public final String task;
    public final String worker;
    public final String quality;
    private final String kafka;
    private String secondTask;

    private Platform(String kafka, String task, String worker, String quality) {
        this.kafka = kafka;
        this.task = task;
        this.worker = worker;
        this.quality = quality;
    }

    /** A second task-service instance on the same database and broker, as behind a load balancer. */
    public synchronized String secondTaskService() {
        if (secondTask == null) {
            secondTask = awaitReady(start("task-service", kafka, Map.of(), false));
        }
        return secondTask;
    }

    /** The JDBC URL of a service's end-to-end database, for tests that check invariants in SQL. */
    public static String databaseUrl(String service) {
        return TestDatabase.url(database(service));
    }

    public static synchronized Platform get() {
        if (instance == null) {
            Runtime.getRuntime().addShutdownHook(new Thread(Platform::stopAll, "e2e-stop"));
            String kafka = TestKafka.bootstrapServers();
            Started task = start("task-service", kafka, Map.of(), true);
            Started worker = start("worker-service", kafka, Map.of(
                    "TESSERA_JWT_PRIVATE_KEY", TestJwt.privateKeyPem().toString(),
                    "TESSERA_ADMIN_USERNAME", ADMIN,
                    "TESSERA_ADMIN_PASSWORD", ADMIN_PASSWORD), true);
            Started quality = start("quality-service", kafka, Map.of(), true);
            instance = new Platform(kafka, awaitReady(task), awaitReady(worker), awaitReady(quality));
        }
        return instance;
    }

    /** {@code tessera_task_e2e}…, with {@code _<TESSERA_TEST_DB_SUFFIX>} when two checkouts test at once. */
    private static String database(String service) {
        String suffix = System.getenv("TESSERA_TEST_DB_SUFFIX");
        return "tessera_" + service.replace("-service", "").replace('-', '_') + "_e2e"
                + (suffix == null || suffix.isBlank() ? "" : "_" + suffix);
    }

    /** A service process just started, and the log it writes (where it says which port it listens on). */
    private record Started(String service, Process process, Path log) {
    }

    private static Started start(String service, String kafka, Map<String, String> extra, boolean freshDatabase) {
        Path jar = ROOT.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests with 'mvnw verify' from the repository root");
        }
        try {
            Map<String, String> env = new HashMap<>(extra);
            env.put("QUARKUS_HTTP_PORT", "0");
            env.put("QUARKUS_DATASOURCE_JDBC_URL",
                    freshDatabase ? TestDatabase.recreate(database(service)) : TestDatabase.url(database(service)));
            env.put("QUARKUS_DATASOURCE_USERNAME", TestDatabase.USER);
            env.put("QUARKUS_DATASOURCE_PASSWORD", TestDatabase.PASSWORD);
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
            env.put("TESSERA_JWT_PUBLIC_KEY", TestJwt.publicKeyPem().toString());
            env.put("TESSERA_JWT_ISSUER", TestJwt.ISSUER);
            Path logs = ROOT.resolve("deploy/e2e/target/e2e-logs");
            Files.createDirectories(logs);
            Path log = Files.createTempFile(logs, service + "-", ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString())
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process process;
            synchronized (PROCESSES) {
                process = pb.start();
                PROCESSES.add(process);
            }
            return new Started(service, process, log);
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + service, e);
        }
    }

    /** The service's URL once it answers /q/health/ready; fails at once if its process exits first. */
    private static String awaitReady(Started s) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String url = null;
        while (System.nanoTime() < deadline) {
            if (!s.process().isAlive()) {
                throw new IllegalStateException(s.service() + " exited with status " + s.process().exitValue()
                        + " before it was ready; see " + s.log());
            }
            if (url == null) {
                url = listeningUrl(s.log());
            }
            if (url != null && ready(http, url)) {
                return url;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(s.service() + " did not become ready in 90 s; see " + s.log());
    }

    /** {@code http://localhost:PORT} once the log says which port the service listens on, else null. */
    private static String listeningUrl(Path log) {
        try {
            Matcher m = LISTENING.matcher(Files.readString(log));
            return m.find() ? "http://localhost:" + m.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean ready(HttpClient http, String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet, or no answer within the timeout
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void stopAll() {
        synchronized (PROCESSES) {
            PROCESSES.forEach(Process::destroy);
            for (Process p : PROCESSES) {
                try {
                    if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                }
            }
        }
    }
}
