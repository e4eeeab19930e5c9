package io.tessera.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the database server did during a measurement, from its cumulative statistics: committed
 * transactions per database (pg_stat_database) and WAL written and flushed (pg_stat_wal). Per
 * label, these show how much work the whole pipeline (claim, submit, relay, quality-service,
 * decisions) puts on the one PostgreSQL the raw ceiling has to itself.
 */
final class DbStats {
    private final Options o;

    DbStats(Options o) {
        this.o = o;
    }

    record Snapshot(Map<String, Long> commits, long walBytes, long walSyncs) {
    }

    /** Cumulative scans and tuples read per index and per table (sequential scans) of one database. */
    record Reads(Map<String, long[]> counters, long blocksRead, long blocksHit) {
    }

    Reads reads(String database) {
        Map<String, long[]> counters = new LinkedHashMap<>();
        long read = 0;
        long hit = 0;
        try (Connection c = DriverManager.getConnection(o.jdbcUrl(database), o.dbUser, o.dbPassword);
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("""
                    SELECT 'index ' || indexrelname, idx_scan, idx_tup_read FROM pg_stat_user_indexes
                    UNION ALL
                    SELECT 'seq scan ' || relname, seq_scan, seq_tup_read FROM pg_stat_user_tables""")) {
                while (rs.next()) {
                    counters.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT blks_read, blks_hit FROM pg_stat_database WHERE datname = current_database()")) {
                if (rs.next()) {
                    read = rs.getLong(1);
                    hit = rs.getLong(2);
                }
            }
        } catch (SQLException e) {
            // statistics unavailable
        }
        return new Reads(counters, read, hit);
    }

    /** The relations read most per label: scans and index entries (or rows) read per label, largest first. */
    static String topReads(Reads a, Reads b, long labels, int limit) {
        double n = Math.max(1, labels);
        StringBuilder sb = new StringBuilder(String.format("blocks per label: %.1f hit, %.2f read from the OS",
                (b.blocksHit - a.blocksHit) / n, (b.blocksRead - a.blocksRead) / n));
        b.counters.entrySet().stream()
                .map(e -> {
                    long[] before = a.counters.getOrDefault(e.getKey(), new long[2]);
                    return Map.entry(e.getKey(), new double[] {(e.getValue()[0] - before[0]) / n, (e.getValue()[1] - before[1]) / n});
                })
                .filter(e -> e.getValue()[1] > 0.01)
                .sorted((x, y) -> Double.compare(y.getValue()[1], x.getValue()[1]))
                .limit(limit)
                .forEach(e -> sb.append(String.format("%n[bench]     %8.1f read, %5.2f scans  %s", e.getValue()[1], e.getValue()[0],
                        e.getKey())));
        return sb.toString();
    }

    Snapshot snapshot() {
        Map<String, Long> commits = new LinkedHashMap<>();
        long bytes = 0;
        long syncs = 0;
        try (Connection c = DriverManager.getConnection(o.jdbcUrl("postgres"), o.dbUser, o.dbPassword);
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT datname, xact_commit FROM pg_stat_database WHERE datname IS NOT NULL")) {
                while (rs.next()) {
                    commits.put(rs.getString(1), rs.getLong(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT wal_bytes, wal_sync FROM pg_stat_wal")) {
                if (rs.next()) {
                    bytes = rs.getLong(1);
                    syncs = rs.getLong(2);
                }
            }
        } catch (SQLException e) {
            // statistics unavailable: the figures stay zero
        }
        return new Snapshot(commits, bytes, syncs);
    }

    /**
     * Per label: commits in the task, quality, worker and raw scratch databases and elsewhere; WAL
     * kB; and WAL flushes per second. The statistics lag by up to a second (stats are flushed at
     * transaction end, at most once per second per backend), so these are approximate.
     */
    static Map<String, Double> perLabel(Snapshot a, Snapshot b, long labels, double seconds) {
        Map<String, Double> out = new LinkedHashMap<>();
        double n = Math.max(1, labels);
        long other = 0;
        for (Map.Entry<String, Long> e : b.commits.entrySet()) {
            long d = e.getValue() - a.commits.getOrDefault(e.getKey(), e.getValue());
            switch (e.getKey()) {
                case "tessera_task" -> out.put("task", d / n);
                case "tessera_quality" -> out.put("quality", d / n);
                case "tessera_worker" -> out.put("worker", d / n);
                case RawLoad.DATABASE -> out.put("raw", d / n);
                default -> other += d;
            }
        }
        out.put("other db", other / n);
        out.put("WAL kB", (b.walBytes - a.walBytes) / 1024.0 / n);
        out.put("WAL flushes/s", (b.walSyncs - a.walSyncs) / seconds);
        return out;
    }
}
