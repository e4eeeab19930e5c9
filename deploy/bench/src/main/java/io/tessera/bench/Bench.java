package io.tessera.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The claim-path benchmark (issue 3, item 8): simulated workers over HTTP against the running stack
 * for each N in --workers, and the raw-SQL ceiling of the same claim + submit statements over JDBC
 * for each connection count in --raw-threads, interleaved, --reps times, then a table of medians.
 * Started by deploy/bench/run.sh, which also starts and stops the stack when none is running.
 * docs/performance.md has the method, the figures and their analysis.
 */
public final class Bench {
    static final String ITEM_TEXT = "the product arrived on time and works as described, five stars";
    private static volatile boolean stopping;
    private static volatile UUID currentServiceJob;

    private final Options o;
    private final Cpu cpu;
    private final DbStats dbStats;
    private final List<Measurement> results = new ArrayList<>();
    private final List<Double> uploadRates = new ArrayList<>();

    private Bench(Options o) {
        this.o = o;
        this.cpu = new Cpu(o.root.resolve("deploy/.local"));
        this.dbStats = new DbStats(o);
    }

    static boolean stopping() {
        return stopping;
    }

    static void sleepUntil(long nanos) throws InterruptedException {
        for (long left = nanos - System.nanoTime(); left > 0 && !stopping; left = nanos - System.nanoTime()) {
            Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 200)));
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        Options o;
        try {
            o = Options.parse(root, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new Bench(o).run();
    }

    private void run() throws Exception {
        Api api = o.service ? new Api(o) : null;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            UUID job = currentServiceJob;
            if (job != null && api != null) {
                api.cancelJob(job);
            }
        }, "bench-stop"));
        facts();
        ServiceSql sql = ServiceSql.load();
        System.out.println("[bench] raw-SQL statements: " + String.join("\n[bench]   ", sql.notes));
        RawLoad raw = o.raw ? new RawLoad(o, sql) : null;
        if (raw != null) {
            System.out.println("[bench] scratch database " + RawLoad.DATABASE + ": recreated and migrated with the service's Flyway scripts");
            raw.createDatabase();
        }
        ServiceLoad service = null;
        int maxWorkers = o.workers.stream().mapToInt(Integer::intValue).max().orElse(0);
        Duration measurement = Duration.ofSeconds(o.warmup + o.seconds + 300L);
        if (api != null) {
            api.signInAdmin();
            api.prepareAccounts(maxWorkers, measurement);
            service = new ServiceLoad(o);
        }
        UUID[] rawWorkers = new UUID[Math.max(maxWorkers, 1)];
        for (int i = 0; i < rawWorkers.length; i++) {
            rawWorkers[i] = UUID.randomUUID();
        }
        waitQuiet();
        WaitSampler rawWaits = o.waits ? new WaitSampler(o, RawLoad.DATABASE) : null;
        WaitSampler serviceWaits = o.waits ? new WaitSampler(o, "tessera_task") : null;
        long thinkNanos = o.thinkMs * 1_000_000L;
        if (raw != null) {
            warmUpRaw(raw, rawWorkers);
        }
        if (service != null && o.serviceWarmup > 0) {
            warmUp(api, service, thinkNanos);
        }
        for (int rep = 1; rep <= o.reps && !stopping; rep++) {
            if (raw != null) {
                for (int threads : o.rawThreads) {
                    if (stopping) {
                        break;
                    }
                    UUID job = raw.createJob(o.items, o.batch);
                    settle("raw");
                    record(raw.run(job, threads, rep, cpu, dbStats, rawWorkers, rawWaits));
                }
            }
            if (service != null) {
                for (int n : o.workers) {
                    if (stopping) {
                        break;
                    }
                    record(serviceRun(api, service, n, rep, thinkNanos, "http", serviceWaits));
                }
            }
        }
        if (service != null && o.pacedLoad > 0 && !stopping) {
            int n = 200;
            double saturated = Stats.median(rates(m -> m.side().equals("http") && m.n() == n));
            if (Double.isNaN(saturated)) {
                System.out.println("[bench] no saturated 200-worker figure: the paced row is skipped (add 200 to --workers)");
            } else {
                long paced = (long) (n / (o.pacedLoad * saturated) * 1e9);
                System.out.printf("[bench] paced row: 200 workers, think time %.0f ms = %.0f%% of the saturated %.0f labels/s%n",
                        paced / 1e6, o.pacedLoad * 100, saturated);
                for (int rep = 1; rep <= o.reps && !stopping; rep++) {
                    record(serviceRun(api, service, n, rep, paced, "http-paced", serviceWaits));
                }
            }
        }
        if (stopping) {
            System.out.println("[bench] interrupted: the table shows what was measured");
        }
        new Report(o, sql, results, uploadRates).print();
    }

    /**
     * The raw side runs in this JVM, whose JIT must not be charged to the ceiling either: 15 s of its
     * load at the first connection count, not recorded (its code is small and compiles in seconds).
     */
    private void warmUpRaw(RawLoad raw, UUID[] rawWorkers) throws Exception {
        UUID job = raw.createJob(o.items, o.batch);
        Measurement m = raw.run(job, o.rawThreads.get(0), 1, cpu, dbStats, rawWorkers, null, "warm-up", 0, 15);
        System.out.println("[bench] " + Report.line(m));
    }

    /** The services' JIT compiler threads' share of the machine below which they count as warm. */
    static final double WARM_JIT_SHARE = 0.01;

    /**
     * A freshly started JVM on two busy cores needs minutes of load before its JIT settles (measured:
     * task-service used 2.4 ms of CPU per label a minute after start, 0.8 ms some minutes later, and
     * its compiler threads were still busy three minutes into the load). Load the services in 15 s
     * rounds, not recorded, until their JIT compiler threads used less than {@link #WARM_JIT_SHARE}
     * of the machine in a round, at most --service-warmup seconds. (A steady rate is no sign of a
     * warm JVM: two rounds agreed within 10% while task-service still took 1.4 ms per label.)
     */
    private void warmUp(Api api, ServiceLoad service, long thinkNanos) throws Exception {
        int n = o.workers.contains(200) ? 200 : o.workers.get(0);
        int rounds = Math.max(2, o.serviceWarmup / 15);
        System.out.printf("[bench] warming up the services: %d workers in 15 s rounds until their JIT compilers are"
                + " idle (below %.0f%% of the machine; at most %d s, not recorded)%n", n, WARM_JIT_SHARE * 100, rounds * 15);
        Api.Job job = api.createJob(Math.min(o.items, 100_000), o.batch, "bench warm-up");
        currentServiceJob = job.id();
        try {
            for (int r = 1; r <= rounds && !stopping; r++) {
                Measurement m = service.run(job.id(), n, r, thinkNanos, api.workers, cpu, dbStats, null, "warm-up", 0, 15);
                System.out.println("[bench] " + Report.line(m));
                if (m.cpu().getOrDefault(Cpu.JIT, 0.0) < WARM_JIT_SHARE) {
                    return;
                }
                if (m.noWork() > 0) { // the job ran out of open slots: a round without work warms nothing up
                    api.cancelJob(job.id());
                    job = api.createJob(Math.min(o.items, 100_000), o.batch, "bench warm-up");
                    currentServiceJob = job.id();
                }
            }
            System.out.printf("[bench] the services' JIT compilers were still busy after %d s of warm-up:"
                    + " the first measurements may be slower (see 'jit' in their CPU)%n", rounds * 15);
        } finally {
            api.cancelJob(job.id());
            currentServiceJob = null;
        }
    }

    private Measurement serviceRun(Api api, ServiceLoad service, int n, int rep, long thinkNanos, String side,
            WaitSampler waits) throws Exception {
        api.ensureWorkerTokens(Duration.ofSeconds(o.warmup + o.seconds + 120L));
        Api.Job job = api.createJob(o.items, o.batch, "bench " + side + " " + n + " workers rep " + rep);
        currentServiceJob = job.id();
        uploadRates.add(job.uploadItemsPerSecond());
        System.out.printf("[bench] job %s: %d items uploaded at %.0f items/s%n", job.id(), o.items, job.uploadItemsPerSecond());
        settle("http");
        try {
            return service.run(job.id(), n, rep, thinkNanos, api.workers, cpu, dbStats, waits, side);
        } finally {
            api.cancelJob(job.id());
            currentServiceJob = null;
        }
    }

    private void record(Measurement m) {
        results.add(m);
        System.out.println("[bench] " + Report.line(m));
        if (!m.problems().isEmpty()) {
            System.out.println("[bench]   errors: " + m.problems());
        }
        System.out.println("[bench]   per label: " + Report.db(m.db()));
        System.out.println("[bench]   " + Report.pgSplit(m));
        System.out.println("[bench]   " + m.reads());
        if (m.waits() != null) {
            System.out.println("[bench]   " + m.waits());
        }
    }

    private double[] rates(Predicate<Measurement> which) {
        return results.stream().filter(which).mapToDouble(Measurement::rate).toArray();
    }

    /**
     * Before each measurement: wait until the stack has drained what the last one left (outbox
     * relayed, quality-service caught up, autovacuum done), seen as its processes using less than
     * 10% of the machine for 2 s, at most 120 s.
     */
    private void settle(String what) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + 120_000_000_000L;
        while (!stopping) {
            Cpu.Snapshot a = cpu.snapshot();
            Thread.sleep(2_000);
            Cpu.Snapshot b = cpu.snapshot();
            double stack = (Cpu.stackSeconds(b) - Cpu.stackSeconds(a)) / 2.0 / Cpu.cores();
            long outbox = outboxRows();
            if (stack < 0.10 && outbox == 0) {
                break;
            }
            if (System.nanoTime() > deadline) {
                System.out.printf("[bench] WARNING: the stack did not settle in 120 s (%.0f%% CPU, %d outbox rows); measuring anyway%n",
                        stack * 100, outbox);
                break;
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (s > 5) {
            System.out.printf("[bench] (%s) waited %.0f s for the stack to settle%n", what, s);
        }
    }

    private long outboxRows() {
        if (!o.service) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection(o.jdbcUrl("tessera_task"), o.dbUser, o.dbPassword);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0;
        }
    }

    private void waitQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + o.quietWait * 1_000_000_000L;
        double load = Cpu.loadAverage();
        if (load >= o.quietLoad) {
            System.out.printf("[bench] load average %.2f >= %.2f: waiting for a quiet machine (up to %d s) ...%n", load,
                    o.quietLoad, o.quietWait);
        }
        while (load >= o.quietLoad && System.nanoTime() < deadline && !stopping) {
            Thread.sleep(5_000);
            load = Cpu.loadAverage();
        }
        if (load >= o.quietLoad) {
            System.out.printf("[bench] WARNING: load average still %.2f; measuring anyway (see the 'other' CPU column)%n", load);
        } else {
            System.out.printf("[bench] load average %.2f: starting%n", load);
        }
    }

    private void facts() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("date", Instant.now().toString());
        f.put("commit", System.getProperty("bench.commit", "?"));
        f.put("cpu", cpuModel() + ", " + Cpu.cores() + " cores visible to the JVM");
        f.put("memory", memTotal());
        f.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        try (Connection c = DriverManager.getConnection(o.jdbcUrl("postgres"), o.dbUser, o.dbPassword);
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT version()")) {
                rs.next();
                f.put("postgresql", rs.getString(1).replaceAll(" on .*", ""));
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings
                    WHERE name IN ('shared_buffers', 'synchronous_commit', 'max_connections', 'fsync', 'wal_sync_method',
                                   'autovacuum_naptime', 'work_mem', 'max_wal_size')""")) {
                rs.next();
                f.put("pg settings", rs.getString(1));
            }
        } catch (SQLException e) {
            f.put("postgresql", "unreachable: " + e.getMessage());
        }
        if (o.service) {
            // The task database grows with every run (each measurement's job is cancelled with its open
            // slots left in place), and autovacuum thresholds are relative to table size: say how big it is.
            try (Connection c = DriverManager.getConnection(o.jdbcUrl("tessera_task"), o.dbUser, o.dbPassword);
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("""
                         SELECT (SELECT count(*) FROM job), (SELECT reltuples::bigint FROM pg_class WHERE relname = 'task_slot'),
                                pg_size_pretty(pg_database_size(current_database()))""")) {
                rs.next();
                f.put("task database", rs.getLong(1) + " jobs, ~" + rs.getLong(2) + " task_slot rows, " + rs.getString(3));
            } catch (SQLException e) {
                f.put("task database", "not readable yet: " + e.getMessage());
            }
        }
        f.put("load average at start", String.format("%.2f", Cpu.loadAverage()));
        f.put("parameters", String.format("workers %s, raw threads %s, %d items/job, overlap 3, think %d ms, %d s + %d s warm-up, %d reps",
                o.workers, o.rawThreads, o.items, o.thinkMs, o.seconds, o.warmup, o.reps));
        f.forEach((k, v) -> System.out.printf("[bench] %-22s %s%n", k, v));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
        } catch (Exception e) {
            return "?";
        }
    }
}
