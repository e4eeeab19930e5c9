package io.tessera.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who used the CPU during a measurement, from /proc: the machine's busy time (/proc/stat) and the
 * user+system time of this process, this checkout's services and Kafka broker (recognised by the
 * marker deploy/run.sh puts on their command lines), and PostgreSQL (its shared processes and the
 * backends of the stack's and the scratch databases; backends of other databases count as other).
 * "other" is the machine's busy time minus those: other people's builds and tests. Shares are of
 * the whole machine (all cores), so they add up to the machine's utilisation.
 */
final class Cpu {
    static final String[] GROUPS = {"bench", "task", "worker", "quality", "kafka", "postgres"};
    /**
     * PostgreSQL's share split by database (backends); "autovacuum": the autovacuum workers of all our
     * databases, which run when thresholds are crossed, not with each label, and so come and go between
     * windows (one that starts and ends inside a window is not seen: it counts as "other");
     * "shared": WAL writer, checkpointer, ...
     */
    static final String[] PG_PARTS = {"pg task", "pg quality", "pg worker", "pg raw", "pg autovacuum", "pg shared"};
    /**
     * The services' JIT compiler threads (part of their groups' shares): a JVM that still compiles is
     * not warm yet. HotSpot names them "C1 CompilerThread0", "C2 CompilerThread0" (/proc's comm keeps
     * 15 characters).
     */
    static final String JIT = "jit";
    private static final double TICKS = Double.parseDouble(System.getProperty("bench.clk-tck", "100"));
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final long SELF = ProcessHandle.current().pid();
    private static final Set<String> SERVICES = Set.of("task", "worker", "quality");
    private final String marker;

    /** {@code localDir}: deploy/.local, whose path run.sh puts on its processes' command lines. */
    Cpu(Path localDir) {
        this.marker = "-Dtessera.local=" + localDir;
    }

    record Snapshot(long nanos, long machineBusy, Map<String, Long> ticks) {
    }

    /** Shares of the whole machine (0..1) between two snapshots: each group, "other" and "machine". */
    static Map<String, Double> shares(Snapshot a, Snapshot b) {
        double seconds = (b.nanos - a.nanos) / 1e9;
        double capacity = seconds * TICKS * CORES;
        Map<String, Double> out = new LinkedHashMap<>();
        long known = 0;
        for (String g : GROUPS) {
            long d = delta(a, b, g);
            known += d;
            out.put(g, d / capacity);
        }
        long busy = b.machineBusy - a.machineBusy;
        out.put("other", Math.max(0, busy - known) / capacity);
        out.put("machine", busy / capacity);
        for (String g : PG_PARTS) {
            out.put(g, delta(a, b, g) / capacity);
        }
        out.put(JIT, delta(a, b, JIT) / capacity);
        return out;
    }

    /** Ticks of one key between two snapshots (never negative: a process that ended takes its ticks along). */
    private static long delta(Snapshot a, Snapshot b, String key) {
        return Math.max(0, b.ticks.getOrDefault(key, 0L) - a.ticks.getOrDefault(key, 0L));
    }

    static int cores() {
        return CORES;
    }

    Snapshot snapshot() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (String g : GROUPS) {
            ticks.put(g, 0L);
        }
        for (String g : PG_PARTS) {
            ticks.put(g, 0L);
        }
        ticks.put(JIT, 0L);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.forEach(p -> {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    return;
                }
                String group = group(p, Long.parseLong(name));
                if (group != null) {
                    long t = processTicks(p);
                    if (group.startsWith("pg ")) {
                        ticks.merge(group, t, Long::sum);
                        group = "postgres";
                    } else if (SERVICES.contains(group)) {
                        ticks.merge(JIT, compilerTicks(p), Long::sum);
                    }
                    ticks.merge(group, t, Long::sum);
                }
            });
        } catch (IOException e) {
            // /proc unreadable: shares stay zero
        }
        return new Snapshot(System.nanoTime(), machineBusy(), ticks);
    }

    /** The total CPU seconds of the stack's processes (services, broker, PostgreSQL) so far. */
    static double stackSeconds(Snapshot s) {
        long t = 0;
        for (String g : GROUPS) {
            if (!g.equals("bench")) {
                t += s.ticks.getOrDefault(g, 0L);
            }
        }
        return t / TICKS;
    }

    private String group(Path proc, long pid) {
        if (pid == SELF) {
            return "bench";
        }
        try {
            String comm = Files.readString(proc.resolve("comm")).trim();
            if (comm.equals("postgres")) { // "pg <database>" or "pg shared", also summed into "postgres"
                return postgresGroup(new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ').trim());
            }
            if (!comm.equals("java")) {
                return null;
            }
            String cmd = new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ');
            for (String svc : new String[] {"task", "worker", "quality"}) {
                if (cmd.contains(marker + "/" + svc + "-service ")) {
                    return svc;
                }
            }
            if (cmd.contains(marker + "/kafka ")) {
                return "kafka";
            }
        } catch (IOException | RuntimeException e) {
            // the process ended meanwhile
        }
        return null;
    }

    /** The databases of this stack and of the raw side; other databases' backends are "other" (tests of other people). */
    private static final java.util.Map<String, String> OUR_DATABASES = java.util.Map.of("tessera_task", "pg task",
            "tessera_worker", "pg worker", "tessera_quality", "pg quality", RawLoad.DATABASE, "pg raw", "postgres", "pg shared");

    /**
     * A PostgreSQL process: a backend or autovacuum worker of one of our databases, or a shared
     * background process (WAL writer, checkpointer, ...), counts as "postgres"; a backend of another
     * database (someone's tests) as "other". Backends show "postgres: 15/main: USER DATABASE HOST ..."
     * and autovacuum workers "postgres: 15/main: autovacuum worker DATABASE".
     */
    private static String postgresGroup(String cmd) {
        String[] f = cmd.split(" ");
        if (cmd.contains("autovacuum worker ")) {
            return OUR_DATABASES.containsKey(f[f.length - 1]) ? "pg autovacuum" : null;
        }
        if (f.length >= 5 && f[0].equals("postgres:") && (f[4].contains("(") || f[4].equals("[local]"))) {
            return OUR_DATABASES.get(f[3]);
        }
        return "pg shared";
    }

    private static long processTicks(Path proc) {
        return ticks(proc.resolve("stat"));
    }

    /** The CPU ticks of a JVM's JIT compiler threads so far. */
    private static long compilerTicks(Path proc) {
        long t = 0;
        try (Stream<Path> threads = Files.list(proc.resolve("task"))) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                String comm = Files.readString(thread.resolve("comm")).trim();
                if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                    t += ticks(thread.resolve("stat"));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process or a thread ended meanwhile
        }
        return t;
    }

    /** utime + stime of a /proc/PID/stat or /proc/PID/task/TID/stat file. */
    private static long ticks(Path statFile) {
        try {
            String stat = Files.readString(statFile);
            // fields after the command (which may contain spaces) start after the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long machineBusy() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
