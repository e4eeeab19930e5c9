package io.tessera.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line (see {@link #USAGE}); every value has a default, so no argument is needed. */
final class Options {
    static final String USAGE = """
            usage: deploy/bench/run.sh [options]
              --workers 50,200,500     simulated workers over HTTP (claim -> think -> submit), one row each
              --raw-threads 4,16,64    JDBC connections for the raw-SQL ceiling, one row each
              --items 100000           items per job (a fresh job for every measurement), overlap 3
              --batch 10000            items per upload request (JSONL)
              --seconds 20             measured seconds of every measurement
              --warmup 5               seconds of load before the measured window
              --service-warmup 600     at most this many seconds of load on the services before the first
                                       measurement, not recorded: 15 s rounds until their JIT compilers are
                                       idle (below 1% of the machine); 0 = none
              --reps 3                 repetitions of every measurement (the table shows medians)
              --think-ms 5             a simulated worker's think time between claim and submit
              --paced-load 0.5         extra row: 200 workers paced to this fraction of their saturated
                                       rate, to read latency below saturation (0 = skip)
              --quiet-load 1.5         wait (up to --quiet-wait s) until the 1-min load average is below this
              --quiet-wait 900
              --waits                  sample pg_stat_activity wait events during each measurement
              --no-raw | --no-service  skip one side
            Environment: TESSERA_TASK_PORT, TESSERA_WORKER_PORT, PGHOST, PGPORT, TESSERA_DB_USER,
            TESSERA_DB_PASSWORD, TESSERA_ADMIN_USERNAME, TESSERA_ADMIN_PASSWORD (else deploy/.local/admin-password).""";

    List<Integer> workers = List.of(50, 200, 500);
    List<Integer> rawThreads = List.of(4, 16, 64);
    int items = 100_000;
    int batch = 10_000;
    int seconds = 20;
    int warmup = 5;
    int serviceWarmup = 600;
    int reps = 3;
    int thinkMs = 5;
    double pacedLoad = 0.5;
    double quietLoad = 1.5;
    int quietWait = 900;
    boolean waits;
    boolean raw = true;
    boolean service = true;

    final Path root;
    final String taskUrl;
    final String workerUrl;
    final String pgHost;
    final int pgPort;
    final String dbUser;
    final String dbPassword;

    Options(Path root) {
        this.root = root;
        taskUrl = "http://127.0.0.1:" + env("TESSERA_TASK_PORT", "8081");
        workerUrl = "http://127.0.0.1:" + env("TESSERA_WORKER_PORT", "8082");
        pgHost = env("PGHOST", "localhost");
        pgPort = Integer.parseInt(env("PGPORT", "5432"));
        dbUser = env("TESSERA_DB_USER", "tessera");
        dbPassword = env("TESSERA_DB_PASSWORD", "tessera");
    }

    static Options parse(Path root, String[] args) {
        Options o = new Options(root);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--workers" -> o.workers = ints(value(args, ++i, a));
                case "--raw-threads" -> o.rawThreads = ints(value(args, ++i, a));
                case "--items" -> o.items = positive(value(args, ++i, a), a);
                case "--batch" -> o.batch = positive(value(args, ++i, a), a);
                case "--seconds" -> o.seconds = positive(value(args, ++i, a), a);
                case "--warmup" -> o.warmup = Integer.parseInt(value(args, ++i, a));
                case "--service-warmup" -> o.serviceWarmup = Integer.parseInt(value(args, ++i, a));
                case "--reps" -> o.reps = positive(value(args, ++i, a), a);
                case "--think-ms" -> o.thinkMs = Integer.parseInt(value(args, ++i, a));
                case "--paced-load" -> o.pacedLoad = Double.parseDouble(value(args, ++i, a));
                case "--quiet-load" -> o.quietLoad = Double.parseDouble(value(args, ++i, a));
                case "--quiet-wait" -> o.quietWait = Integer.parseInt(value(args, ++i, a));
                case "--waits" -> o.waits = true;
                case "--no-raw" -> o.raw = false;
                case "--no-service" -> o.service = false;
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        if (o.warmup < 0 || o.thinkMs < 0 || o.pacedLoad < 0 || o.pacedLoad >= 1) {
            throw new IllegalArgumentException("--warmup and --think-ms must be >= 0, --paced-load in [0, 1)");
        }
        return o;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String s, String option) {
        int v = Integer.parseInt(s);
        if (v <= 0) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return v;
    }

    private static List<Integer> ints(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(positive(s.trim(), "a list value"));
            }
        }
        return List.copyOf(out);
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
