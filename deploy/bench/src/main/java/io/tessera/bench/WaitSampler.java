package io.tessera.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * With --waits: what the database's active sessions wait on, sampled from pg_stat_activity every
 * 200 ms during the measured window (one cheap query per sample, on its own connection). "CPU"
 * means active with no wait event (running or runnable); "idle in transaction" is a session whose
 * client holds a transaction open while doing something else (the connection is busy but idle).
 */
final class WaitSampler {
    private final Options o;
    private final String database;
    private final Map<String, Long> counts = new TreeMap<>();
    private final Map<String, Long> statements = new TreeMap<>();
    private long samples;
    private Thread thread;

    WaitSampler(Options o, String database) {
        this.o = o;
        this.database = database;
    }

    void start(long endNanos) {
        counts.clear();
        statements.clear();
        samples = 0;
        thread = new Thread(() -> sample(endNanos), "wait-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample(long endNanos) {
        try (Connection c = DriverManager.getConnection(o.jdbcUrl(database), o.dbUser, o.dbPassword);
             PreparedStatement q = c.prepareStatement("""
                     SELECT CASE WHEN state = 'active' THEN coalesce(wait_event_type || ':' || wait_event, 'CPU') ELSE state END,
                            CASE WHEN state = 'active' THEN left(regexp_replace(query, '\\s+', ' ', 'g'), 48) END, count(*)
                     FROM pg_stat_activity
                     WHERE datname = ? AND state <> 'idle' AND pid <> pg_backend_pid() GROUP BY 1, 2""")) {
            q.setString(1, database);
            while (System.nanoTime() < endNanos && !Bench.stopping()) {
                try (ResultSet rs = q.executeQuery()) {
                    synchronized (counts) {
                        samples++;
                        while (rs.next()) {
                            counts.merge(rs.getString(1), rs.getLong(3), Long::sum);
                            if (rs.getString(2) != null) {
                                statements.merge(rs.getString(2), rs.getLong(3), Long::sum);
                            }
                        }
                    }
                }
                Thread.sleep(200);
            }
        } catch (Exception e) {
            synchronized (counts) {
                counts.put("sampler failed: " + e, 0L);
            }
        }
    }

    /** Average number of active sessions per sample in each state, largest first. */
    String report() {
        try {
            if (thread != null) {
                thread.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (counts) {
            if (samples == 0) {
                return "no samples";
            }
            long n = samples;
            return counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / (double) n))
                    .collect(Collectors.joining(", ", "non-idle sessions (avg): ", ""))
                    + statements.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(8)
                    .map(e -> String.format("%.2f  %s", e.getValue() / (double) n, e.getKey()))
                    .collect(Collectors.joining("\n[bench]     ", "\n[bench]   active statements (avg sessions):\n[bench]     ", ""));
        }
    }
}
