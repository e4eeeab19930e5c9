package io.tessera.quality.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.management.GarbageCollectionNotificationInfo;
import io.tessera.common.outbox.Outbox;
import io.tessera.quality.batch.AggregationRequest;
import io.tessera.quality.batch.AggregationRun;
import io.tessera.quality.batch.BatchMerges;
import io.tessera.quality.job.KnownJob;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Measures the re-merge that quality-service runs when a job completes ({@code job.completed} → {@link BatchMerges}
 * with publish) on jobs of benchmark size, against a real PostgreSQL database: per job kind and size, a fresh
 * {@link SyntheticJob} is written, then the run is timed as the consumer runs it, in one transaction that commits.
 * Run it with {@code deploy/bench/remerge.sh}, which builds the class path and passes the service's heap limit.
 *
 * <pre>
 * RemergeBenchmark [--jobs categorical:100000,rating:100000,bounding-boxes:20000] [--runs 3] [--overlap 3]
 *                  [--gold-share 0.02] [--workers 1000] [--database tessera_quality_remerge]
 * </pre>
 *
 * <p>The database is dropped and created again at the start and migrated with the service's migrations; PostgreSQL
 * at {@code PGHOST}:{@code PGPORT} (localhost:5432) as {@code TESSERA_DB_USER}/{@code TESSERA_DB_PASSWORD}
 * (tessera/tessera, the role deploy/postgres.sh creates, which may create databases).
 */
public final class RemergeBenchmark {
    private final ObjectMapper json = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build(); // as Quarkus' ObjectMapper
    private final Clock clock = Clock.systemUTC();
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();
    private final PrintStream out;

    private RemergeBenchmark(String database, PrintStream out) {
        dataSource.setServerNames(new String[] {env("PGHOST", "localhost")});
        dataSource.setPortNumbers(new int[] {Integer.parseInt(env("PGPORT", "5432"))});
        dataSource.setDatabaseName(database);
        dataSource.setUser(env("TESSERA_DB_USER", "tessera"));
        dataSource.setPassword(env("TESSERA_DB_PASSWORD", "tessera"));
        this.out = out;
    }

    /** One job to measure: its kind and regular items. */
    record JobSize(String kind, int items) {
    }

    /** One measured run; seconds, bytes. */
    record Measurement(double fitOnly, double run, double commit, long peakHeap, double gcSeconds, int items,
            int changed, long outboxRows, long storedRunBytes) {
        double total() {
            return run + commit;
        }
    }

    public static void main(String[] args) throws Exception {
        List<JobSize> jobs = List.of(new JobSize("categorical", 100_000), new JobSize("rating", 100_000),
                new JobSize("bounding-boxes", 20_000));
        int runs = 3;
        int overlap = 3;
        double goldShare = 0.02;
        int workers = 1000;
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
                case "--database" -> database = args[++i];
                case "-h", "--help" -> {
                    System.out.println("usage: RemergeBenchmark [--jobs categorical:100000,rating:100000,bounding-boxes:20000]"
                            + " [--runs 3] [--overlap 3] [--gold-share 0.02] [--workers 1000]"
                            + " [--database tessera_quality_remerge]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--help)");
            }
        }
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        RemergeBenchmark bench = new RemergeBenchmark(database, System.out);
        bench.createDatabase(database);
        bench.run(jobs, runs, overlap, goldShare, workers);
    }

    private void createDatabase(String database) throws SQLException {
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(dataSource.getURL().replace("/" + database, "/postgres"));
        admin.setUser(dataSource.getUser());
        admin.setPassword(dataSource.getPassword());
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
        }
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/common").load()
                .migrate();
    }

    private void run(List<JobSize> jobs, int runs, int overlap, double goldShare, int workers) throws Exception {
        out.printf(Locale.ROOT, "re-merge on job completion: %d run(s) per job, %d labels per item, %d workers, gold items"
                + " %.0f%% of the regular ones; max heap %s, %d processors%n", runs, overlap, workers, goldShare * 100,
                mib(Runtime.getRuntime().maxMemory()), Runtime.getRuntime().availableProcessors());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            out.println(rs.getString(1));
        }
        out.println();
        out.println("| kind | items | labels | run | fit only (s) | run (s) | commit (s) | total (s) | heap after GC (max) | GC (s)"
                + " | changed | outbox rows | stored run |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
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
                out.printf(Locale.ROOT, "| %s | %,d | %,d | %d | %.1f | %.1f | %.1f | %.1f | %s | %.1f | %,d | %,d | %s |%n",
                        size.kind(), size.items(), labels, r, m.fitOnly(), m.run(), m.commit(), m.total(),
                        mib(m.peakHeap()), m.gcSeconds(), m.changed(), m.outboxRows(), String.format(Locale.ROOT, "%.1f MiB", m.storedRunBytes() / 1048576.0));
                delete(job);
            }
            if (measured.isEmpty()) {
                medians.add(String.format(Locale.ROOT, "| %s | %,d | %,d | out of memory in every run |", size.kind(),
                        size.items(), labels));
                continue;
            }
            medians.add(String.format(Locale.ROOT, "| %s | %,d | %,d | %.1f | %.1f | %.1f | %.1f | %s |", size.kind(),
                    size.items(), labels, median(measured, Measurement::fitOnly), median(measured, Measurement::run),
                    median(measured, Measurement::commit), median(measured, Measurement::total),
                    mib((long) median(measured, m -> m.peakHeap()))));
        }
        out.println();
        out.println("Medians:");
        out.println();
        out.println("| kind | items | labels | fit only (s) | run (s) | commit (s) | total (s) | heap after GC (max) |");
        out.println("|---|---|---|---|---|---|---|---|");
        medians.forEach(out::println);
    }

    /**
     * Times the completion run as the consumer runs it: {@code BatchMerges.run} with publish on one connection in one
     * transaction, then the commit. Then the same run without publishing, rolled back: loading and fitting alone.
     */
    private Measurement measure(SyntheticJob synthetic) throws Exception {
        KnownJob job = new KnownJob();
        job.id = synthetic.id;
        job.orgId = synthetic.orgId;
        job.kind = synthetic.kind;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            BatchMerges merges = new BatchMerges(pinned(c), new Outbox(json, clock), json, clock);
            System.gc();
            double gc0 = gcSeconds();
            long t0;
            long t1;
            long t2;
            long peak;
            AggregationRun run;
            try (HeapWatch heap = new HeapWatch()) {
                t0 = System.nanoTime();
                run = merges.run(job, new AggregationRequest(null, true));
                t1 = System.nanoTime();
                c.commit();
                t2 = System.nanoTime();
                peak = heap.maxAfterGc();
            }
            double gc = gcSeconds() - gc0;
            long t3 = System.nanoTime();
            merges.run(job, new AggregationRequest(null, false));
            long t4 = System.nanoTime();
            c.rollback();
            long outboxRows;
            long storedRun;
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT (SELECT count(*) FROM outbox), (SELECT pg_column_size(result) FROM aggregation_run WHERE id = ?)""")) {
                q.setObject(1, run.id());
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    outboxRows = rs.getLong(1);
                    storedRun = rs.getLong(2);
                }
            }
            c.commit();
            return new Measurement((t4 - t3) / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9, peak, gc, run.items(),
                    run.changed(), outboxRows, storedRun);
        }
    }

    /** A data source that hands out {@code c} (closing it is a no-op), so every statement runs in c's transaction. */
    private static DataSource pinned(Connection c) {
        Connection shared = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> "close".equals(method.getName())
                        ? null : invoke(c, method, args));
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> "getConnection".equals(method.getName()) ? shared : null);
    }

    private static Object invoke(Connection c, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(c, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
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
     * The most heap in use right after a collection while it watches: a close upper bound of the live data at the
     * run's peak (after a young collection the old generation may still hold garbage), unlike the peak of the heap
     * pools, which counts garbage and adds pools' peaks of different moments.
     */
    static final class HeapWatch implements NotificationListener, AutoCloseable {
        private final Set<String> heapPools = new HashSet<>();
        private final AtomicLong max = new AtomicLong();

        HeapWatch() {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener(this, null, null);
            }
        }

        @Override
        public void handleNotification(Notification notification, Object handback) {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long used = 0;
            for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(pool.getKey())) {
                    used += pool.getValue().getUsed();
                }
            }
            max.accumulateAndGet(used, Math::max);
        }

        /** The maximum so far, and at least what is in use now (a run may end before its first collection). */
        long maxAfterGc() {
            return Math.max(max.get(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        @Override
        public void close() throws Exception {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).removeNotificationListener(this);
            }
        }
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
