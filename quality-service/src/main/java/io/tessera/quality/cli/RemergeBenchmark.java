package io.tessera.quality.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tessera.common.outbox.Outbox;
import io.tessera.quality.batch.BatchMerges;
import io.tessera.quality.job.KnownJob;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Measures the re-merge that quality-service runs when a job completes ({@code job.completed} →
 * {@link BatchMerges#complete}) on jobs of benchmark size, against a real PostgreSQL database: per job kind and size, a
 * fresh {@link SyntheticJob} is written, then the run is timed as the consumer runs it (the same call, the job's
 * default algorithm), with its parts: reading the labels, fitting, storing the run, and publishing (every resolved
 * item's {@code item_decision} update and outbox row, {@code --chunk} items per transaction, the service's default).
 * Run it with {@code deploy/bench/remerge.sh}, which builds the class path and passes the services' heap limit.
 *
 * <pre>
 * RemergeBenchmark [--jobs categorical:100000,rating:100000,bounding-boxes:20000] [--runs 3] [--overlap 3]
 *                  [--gold-share 0.02] [--workers 1000] [--chunk 5000] [--database tessera_quality_remerge]
 * </pre>
 *
 * <p>The database is dropped and created again at the start and migrated with the service's migrations; PostgreSQL
 * at {@code PGHOST}:{@code PGPORT} (localhost:5432) as {@code TESSERA_DB_USER}/{@code TESSERA_DB_PASSWORD}
 * (tessera/tessera, the role deploy/postgres.sh creates, which may create databases). Nothing drains the outbox
 * meanwhile: the relay's work is not part of the run.
 */
public final class RemergeBenchmark {
    private final ObjectMapper json = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build(); // as Quarkus' ObjectMapper
    private final Clock clock = Clock.systemUTC();
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();
    private final int chunk;
    private final PrintStream out;

    private RemergeBenchmark(String database, int chunk, PrintStream out) {
        dataSource.setServerNames(new String[] {env("PGHOST", "localhost")});
        dataSource.setPortNumbers(new int[] {Integer.parseInt(env("PGPORT", "5432"))});
        dataSource.setDatabaseName(database);
        dataSource.setUser(env("TESSERA_DB_USER", "tessera"));
        dataSource.setPassword(env("TESSERA_DB_PASSWORD", "tessera"));
        this.chunk = chunk;
        this.out = out;
    }

    /** One job to measure: its kind and regular items. */
    record JobSize(String kind, int items) {
    }

    /** One measured run; seconds, bytes. */
    record Measurement(double load, double fit, double record, double publish, int transactions, double total,
            double gcSeconds, int changed, long outboxRows, long storedRunBytes) {
    }

    public static void main(String[] args) throws Exception {
        List<JobSize> jobs = List.of(new JobSize("categorical", 100_000), new JobSize("rating", 100_000),
                new JobSize("bounding-boxes", 20_000));
        int runs = 3;
        int overlap = 3;
        double goldShare = 0.02;
        int workers = 1000;
        int chunk = 5000;
        String database = "tessera_quality_remerge";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jobs" -> {
                    List<JobSize> given = new ArrayList<>();
                    for (String job : args[++i].split(",")) {
                        String[] kindItems = job.split(":");
                        given.add(new JobSize(kindItems[0], Integer.parseInt(kindItems[1].replace("_", ""))));
                    }
                    jobs = given;
                }
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--overlap" -> overlap = Integer.parseInt(args[++i]);
                case "--gold-share" -> goldShare = Double.parseDouble(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--chunk" -> chunk = Integer.parseInt(args[++i]);
                case "--database" -> database = args[++i];
                case "-h", "--help" -> {
                    System.out.println("usage: RemergeBenchmark [--jobs categorical:100000,rating:100000,bounding-boxes:20000]"
                            + " [--runs 3] [--overlap 3] [--gold-share 0.02] [--workers 1000] [--chunk 5000]"
                            + " [--database tessera_quality_remerge]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--help)");
            }
        }
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        RemergeBenchmark bench = new RemergeBenchmark(database, chunk, System.out);
        bench.createDatabase(database);
        bench.run(jobs, runs, overlap, goldShare, workers);
    }

    private void createDatabase(String database) throws SQLException {
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(dataSource.getURL().replace("/" + database, "/postgres"));
        admin.setUser(dataSource.getUser());
        admin.setPassword(dataSource.getPassword());
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            // Not WITH (FORCE): that fails for a role that may not end an autovacuum worker busy with the last run's
            // tables, while a plain drop makes autovacuum give way.
            s.execute("DROP DATABASE IF EXISTS " + database);
            s.execute("CREATE DATABASE " + database);
        }
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/common").load()
                .migrate();
    }

    private void run(List<JobSize> jobs, int runs, int overlap, double goldShare, int workers) throws Exception {
        out.printf(Locale.ROOT, "re-merge on job completion: %d run(s) per job, %d labels per item, %d workers, gold items"
                + " %.0f%% of the regular ones, %,d items per transaction; max heap %s, %d processors%n", runs, overlap,
                workers, goldShare * 100, chunk, mib(Runtime.getRuntime().maxMemory()),
                Runtime.getRuntime().availableProcessors());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            out.println(rs.getString(1));
        }
        out.println("load average at the start: " + loadAverage());
        out.println();
        out.println("| kind | items | labels | run | load (s) | fit (s) | store run (s) | publish (s) | transactions"
                + " | total (s) | GC (s) | changed | outbox rows | stored run |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        List<String> medians = new ArrayList<>();
        long idBase = 1_000_000_000L;
        for (JobSize size : jobs) {
            List<Measurement> measured = new ArrayList<>();
            long labels = 0;
            for (int r = 1; r <= runs; r++) {
                idBase += 10_000_000L;
                SyntheticJob job;
                try (Connection c = dataSource.getConnection()) {
                    job = SyntheticJob.write(c, json, size.kind(), size.items(), (int) Math.round(size.items() * goldShare),
                            overlap, workers, 20260101L + r, idBase);
                }
                labels = job.labels;
                vacuum();
                Measurement m;
                long started = System.nanoTime();
                try {
                    m = measure(job);
                } catch (OutOfMemoryError e) { // what the service's consumer would meet with this heap limit
                    out.printf(Locale.ROOT, "| %s | %,d | %,d | %d | OutOfMemoryError after %.1f s (max heap %s) |%n",
                            size.kind(), size.items(), labels, r, (System.nanoTime() - started) / 1e9,
                            mib(Runtime.getRuntime().maxMemory()));
                    delete(job);
                    continue;
                }
                measured.add(m);
                out.printf(Locale.ROOT, "| %s | %,d | %,d | %d | %.1f | %.1f | %.1f | %.1f | %d | %.1f | %.1f | %,d | %,d"
                        + " | %.1f MiB |%n", size.kind(), size.items(), labels, r, m.load(), m.fit(), m.record(),
                        m.publish(), m.transactions(), m.total(), m.gcSeconds(), m.changed(), m.outboxRows(),
                        m.storedRunBytes() / 1048576.0);
                delete(job);
            }
            if (measured.isEmpty()) {
                medians.add(String.format(Locale.ROOT, "| %s | %,d | %,d | out of memory in every run |", size.kind(),
                        size.items(), labels));
                continue;
            }
            idBase += 10_000_000L;
            SyntheticJob job;
            try (Connection c = dataSource.getConnection()) {
                job = SyntheticJob.write(c, json, size.kind(), size.items(), (int) Math.round(size.items() * goldShare),
                        overlap, workers, 20260101L, idBase);
            }
            vacuum();
            long live = liveHeap(job);
            delete(job);
            medians.add(String.format(Locale.ROOT, "| %s | %,d | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %s |",
                    size.kind(), size.items(), labels, median(measured, Measurement::load),
                    median(measured, Measurement::fit), median(measured, Measurement::record),
                    median(measured, Measurement::publish), median(measured, Measurement::total), mib(live)));
        }
        out.println();
        out.println("Medians:");
        out.println();
        out.println("Live heap: the most heap in use above what was in use before, in one more run of the job (not"
                + " timed) with a full collection every " + LiveHeap.PERIOD_MILLIS + " ms.");
        out.println();
        out.println("| kind | items | labels | load (s) | fit (s) | store run (s) | publish (s) | total (s)"
                + " | live heap |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        medians.forEach(out::println);
        out.println();
        out.println("load average at the end: " + loadAverage());
    }

    /** The machine's load (1, 5, 15 minutes) where Linux tells it: runs on shared cores are slower. */
    private static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Times {@link BatchMerges#complete} for a new {@code job.completed} event of the job, as the consumer calls it. */
    private Measurement measure(SyntheticJob synthetic) throws Exception {
        System.gc();
        double gc0 = gcSeconds();
        BatchMerges.Completion run = complete(synthetic);
        double gc = gcSeconds() - gc0;
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                SELECT (SELECT count(*) FROM outbox), (SELECT pg_column_size(result) FROM aggregation_run WHERE id = ?)""")) {
            q.setObject(1, run.runId());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                BatchMerges.Publication p = run.publication();
                return new Measurement(run.loadSeconds(), run.fitSeconds(), run.recordSeconds(), p.seconds(),
                        p.transactions(), run.totalSeconds(), gc, run.changed(), rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /** The most live heap during a run of {@code complete}, above what was live before it. */
    private long liveHeap(SyntheticJob synthetic) throws Exception {
        long before = liveHeapNow();
        try (LiveHeap heap = new LiveHeap()) {
            complete(synthetic);
            return Math.max(0, heap.max() - before);
        }
    }

    private BatchMerges.Completion complete(SyntheticJob synthetic) {
        KnownJob job = new KnownJob();
        job.id = synthetic.id;
        job.orgId = synthetic.orgId;
        job.kind = synthetic.kind;
        return new BatchMerges(dataSource, new Outbox(json, clock), json, clock, chunk).complete(job, null, UUID.randomUUID());
    }

    /** The live service's tables are analysed by autovacuum long before a job completes. */
    private void vacuum() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE label, item_decision, gold_answer, known_job, outbox, aggregation_run");
        }
    }

    private void delete(SyntheticJob job) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (String table : new String[] {"label", "item_decision", "gold_answer", "aggregation_run"}) {
                try (PreparedStatement q = c.prepareStatement("DELETE FROM " + table + " WHERE job_id = ?")) {
                    q.setObject(1, job.id);
                    q.executeUpdate();
                }
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM outbox");
                s.executeUpdate("DELETE FROM known_job");
            }
        }
    }

    /**
     * Samples the live heap while a run goes on: a full collection every {@value #PERIOD_MILLIS} ms, then the heap in
     * use. It slows the run down, so a run it watches is not timed. (The heap in use after the collector's own
     * collections says little: a young collection leaves the old generation's garbage, so that figure follows the
     * heap limit, not the run.)
     */
    static final class LiveHeap implements AutoCloseable {
        static final long PERIOD_MILLIS = 100;
        private final AtomicLong max = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        LiveHeap() {
            thread = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(PERIOD_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "live-heap");
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() {
            System.gc();
            max.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        }

        /** The most live heap seen. */
        long max() {
            return max.get();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    /** The heap in use after a full collection. */
    static long liveHeapNow() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double gcSeconds() {
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, gc.getCollectionTime());
        }
        return millis / 1e3;
    }

    private static double median(List<Measurement> runs, java.util.function.ToDoubleFunction<Measurement> value) {
        double[] v = runs.stream().mapToDouble(value).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
