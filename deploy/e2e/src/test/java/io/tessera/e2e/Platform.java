package io.tessera.e2e;

import io.tessera.testkit.TestDatabase;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TestKafka;
import java.io.IOException;
import java.net.ServerSocket;
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

/**
 * The whole platform for end-to-end tests: the three packaged services started as processes (as
 * in production), each on a free port with a fresh database, the in-process Kafka broker, and the
 * run's JWT keys. Started once per test JVM; stopped when it exits.
 */
public final class Platform {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = UUID.randomUUID().toString();
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    private static final List<Process> PROCESSES = new ArrayList<>();
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
            secondTask = start("task-service", kafka, Map.of(), false);
            awaitReady(secondTask);
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
            instance = new Platform(kafka, start("task-service", kafka, Map.of(), true),
                    start("worker-service", kafka, Map.of(
                            "TESSERA_JWT_PRIVATE_KEY", TestJwt.privateKeyPem().toString(),
                            "TESSERA_ADMIN_USERNAME", ADMIN,
                            "TESSERA_ADMIN_PASSWORD", ADMIN_PASSWORD), true),
                    start("quality-service", kafka, Map.of(), true));
            for (String url : List.of(instance.task, instance.worker, instance.quality)) {
                awaitReady(url);
            }
        }
        return instance;
    }

    /** {@code tessera_task_e2e}…, with {@code _<TESSERA_TEST_DB_SUFFIX>} when two checkouts test at once. */
    private static String database(String service) {
        String suffix = System.getenv("TESSERA_TEST_DB_SUFFIX");
        return "tessera_" + service.replace("-service", "").replace('-', '_') + "_e2e"
                + (suffix == null || suffix.isBlank() ? "" : "_" + suffix);
    }

    private static String start(String service, String kafka, Map<String, String> extra, boolean freshDatabase) {
        Path jar = ROOT.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests with 'mvnw verify' from the repository root");
        }
        try {
            int port = freePort();
            Map<String, String> env = new HashMap<>(extra);
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("QUARKUS_DATASOURCE_JDBC_URL",
                    freshDatabase ? TestDatabase.recreate(database(service)) : TestDatabase.url(database(service)));
            env.put("QUARKUS_DATASOURCE_USERNAME", TestDatabase.USER);
            env.put("QUARKUS_DATASOURCE_PASSWORD", TestDatabase.PASSWORD);
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
            env.put("TESSERA_JWT_PUBLIC_KEY", TestJwt.publicKeyPem().toString());
            env.put("TESSERA_JWT_ISSUER", TestJwt.ISSUER);
            Path logs = ROOT.resolve("deploy/e2e/target/e2e-logs");
            Files.createDirectories(logs);
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString())
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve(service + "-" + port + ".log").toFile());
            pb.environment().putAll(env);
            synchronized (PROCESSES) {
                PROCESSES.add(pb.start());
            }
            return "http://localhost:" + port;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + service, e);
        }
    }

    private static void awaitReady(String url) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(url + " did not become ready in 90 s; see deploy/e2e/target/e2e-logs");
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
