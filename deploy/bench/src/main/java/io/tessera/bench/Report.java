package io.tessera.bench;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The per-measurement lines and the final tables of medians (Markdown, ready for docs/performance.md). */
final class Report {
    private final Options o;
    private final ServiceSql sql;
    private final List<Measurement> results;
    private final List<Double> uploads;

    Report(Options o, ServiceSql sql, List<Measurement> results, List<Double> uploads) {
        this.o = o;
        this.sql = sql;
        this.results = results;
        this.uploads = uploads;
    }

    static String line(Measurement m) {
        return String.format("%-10s n=%-4d rep %d: %7.0f labels/s  claim p50 %6.2f p95 %7.2f p99 %7.2f ms  submit p50 %6.2f p99 %7.2f ms"
                        + "  errors %d  no-work %d  CPU %s",
                m.side(), m.n(), m.rep(), m.rate(), m.claimP50(), m.claimP95(), m.claimP99(), m.submitP50(), m.submitP99(),
                m.errors(), m.noWork(), cpu(m.cpu()));
    }

    /** PostgreSQL CPU by database, in milliseconds of CPU per label. */
    static String pgSplit(Measurement m) {
        StringBuilder sb = new StringBuilder("PostgreSQL CPU per label:");
        double cpuMsPerShare = m.seconds() * Cpu.cores() * 1000.0 / Math.max(1, m.labels());
        for (String g : Cpu.PG_PARTS) {
            double v = m.cpu().getOrDefault(g, 0.0) * cpuMsPerShare;
            if (v >= 0.005) {
                sb.append(' ').append(g.substring(3)).append(String.format(" %.2f ms", v));
            }
        }
        for (String g : new String[] {"task", "quality", "worker", "kafka", "bench"}) {
            double v = m.cpu().getOrDefault(g, 0.0) * cpuMsPerShare;
            if (v >= 0.005) {
                sb.append(g.equals("task") ? "; JVMs: " : ", ").append(g).append(String.format(" %.2f ms", v));
            }
        }
        return sb.toString();
    }

    static String db(Map<String, Double> d) {
        StringBuilder sb = new StringBuilder("commits");
        for (String k : new String[] {"task", "quality", "worker", "raw", "other db"}) {
            Double v = d.get(k);
            if (v != null && v > 0.005) {
                sb.append(' ').append(k).append(' ').append(String.format("%.2f", v));
            }
        }
        sb.append(String.format(", WAL %.1f kB; WAL flushes %.0f/s", d.getOrDefault("WAL kB", 0.0),
                d.getOrDefault("WAL flushes/s", 0.0)));
        return sb.toString();
    }

    private static String cpu(Map<String, Double> c) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : c.entrySet()) {
            if (e.getKey().startsWith("pg ")) {
                continue;
            }
            sb.append(e.getKey()).append(' ').append(String.format("%.0f%%", e.getValue() * 100)).append(' ');
        }
        return sb.toString().trim();
    }

    void print() {
        System.out.println();
        System.out.printf("Medians of %d repetitions; %d s measured after %d s of warm-up; %d items per job, overlap 3, a fresh job for"
                + " every measurement.%n", o.reps, o.seconds, o.warmup, o.items);
        System.out.println("CPU: share of the whole machine (" + Cpu.cores() + " cores) during the window, per process group;"
                + " 'other' = everything else on the machine.");
        if (sql.stale) {
            System.out.println("WARNING: STALE SQL COPY: the raw ceiling did not run the service's current statements (see above).");
        }
        double ceiling = Double.NaN;
        double raw16 = Double.NaN;
        if (has("raw")) {
            System.out.println();
            System.out.println("Raw-SQL ceiling (plain JDBC over TCP, the service's statements, no think time)");
            System.out.println();
            System.out.println("| connections | labels/s (min–max) | claim p50 / p95 / p99 ms | submit p50 / p99 ms | errors |"
                    + " CPU bench / postgres / other |");
            System.out.println("|---|---|---|---|---|---|");
            for (int n : o.rawThreads) {
                List<Measurement> ms = of("raw", n);
                if (ms.isEmpty()) {
                    continue;
                }
                double rate = med(ms, Measurement::rate);
                if (Double.isNaN(ceiling) || rate > ceiling) {
                    ceiling = rate;
                }
                if (n == 16) {
                    raw16 = rate;
                }
                System.out.printf("| %d | %s | %s | %.2f / %.2f | %d | %s |%n", n, rates(ms), claims(ms),
                        med(ms, Measurement::submitP50), med(ms, Measurement::submitP99), errors(ms),
                        shares(ms, "bench", "postgres", "other"));
            }
        }
        for (String side : new String[] {"http", "http-paced"}) {
            if (!has(side)) {
                continue;
            }
            System.out.println();
            System.out.println(side.equals("http")
                    ? "Service over HTTP (simulated workers: claim -> think " + o.thinkMs + " ms -> submit, closed loop)"
                    : "Service over HTTP, paced: 200 workers with a think time that offers " + Math.round(o.pacedLoad * 100)
                            + "% of their saturated rate");
            System.out.println();
            System.out.println("| workers | labels/s (min–max) | claim p50 / p95 / p99 ms | submit p50 / p99 ms | errors |"
                    + " ÷ raw ceiling | ÷ raw at 16 | CPU bench / task / quality / worker / kafka / postgres / other |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (int n : side.equals("http") ? o.workers : List.of(200)) {
                List<Measurement> ms = of(side, n);
                if (ms.isEmpty()) {
                    continue;
                }
                double rate = med(ms, Measurement::rate);
                System.out.printf("| %d | %s | %s | %.2f / %.2f | %d | %s | %s | %s |%n", n, rates(ms), claims(ms),
                        med(ms, Measurement::submitP50), med(ms, Measurement::submitP99), errors(ms), ratio(rate, ceiling),
                        ratio(rate, raw16), shares(ms, "bench", "task", "quality", "worker", "kafka", "postgres", "other"));
            }
        }
        dbTable();
        if (!uploads.isEmpty()) {
            double[] u = uploads.stream().mapToDouble(Double::doubleValue).toArray();
            System.out.printf("%nUpload (%d items per request, JSONL): median %.0f items/s (%.0f–%.0f) over %d jobs%n", o.batch,
                    Stats.median(u), Stats.min(u), Stats.max(u), u.length);
        }
        targets(ceiling);
    }

    /** Database work per label: where the commits and the WAL go, per row (medians). */
    private void dbTable() {
        System.out.println();
        System.out.println("Database work per label (medians; commits counted by pg_stat_database, approximate)");
        System.out.println();
        System.out.println("| side | N | commits task / quality / worker / raw db | WAL kB per label | WAL flushes/s |");
        System.out.println("|---|---|---|---|---|");
        for (String side : new String[] {"raw", "http", "http-paced"}) {
            List<Integer> ns = side.equals("raw") ? o.rawThreads : side.equals("http") ? o.workers : List.of(200);
            for (int n : ns) {
                List<Measurement> ms = of(side, n);
                if (ms.isEmpty()) {
                    continue;
                }
                System.out.printf("| %s | %d | %.2f / %.2f / %.2f / %.2f | %.1f | %.0f |%n", side, n, dbMed(ms, "task"),
                        dbMed(ms, "quality"), dbMed(ms, "worker"), dbMed(ms, "raw"), dbMed(ms, "WAL kB"),
                        dbMed(ms, "WAL flushes/s"));
            }
        }
    }

    private static double dbMed(List<Measurement> ms, String key) {
        return med(ms, m -> m.db() == null ? Double.NaN : m.db().getOrDefault(key, 0.0));
    }

    private void targets(double ceiling) {
        List<Measurement> at200 = of("http", 200);
        System.out.println();
        if (!Double.isNaN(ceiling) && has("http")) {
            for (int n : o.workers) {
                List<Measurement> ms = of("http", n);
                if (!ms.isEmpty()) {
                    double r = med(ms, Measurement::rate) / ceiling;
                    System.out.printf("Target throughput >= 50%% of the raw ceiling (%.0f labels/s), %d workers: %.0f%% -> %s%n",
                            ceiling, n, r * 100, r >= 0.5 ? "met" : String.format("MISSED by %.0f points", (0.5 - r) * 100));
                }
            }
        }
        if (!at200.isEmpty()) {
            double p99 = med(at200, Measurement::claimP99);
            System.out.printf("Target claim p99 <= 25 ms at 200 workers (saturated, think %d ms): %.1f ms -> %s%n", o.thinkMs, p99,
                    p99 <= 25 ? "met" : String.format("MISSED by %.1f ms (%.1fx)", p99 - 25, p99 / 25));
        }
        List<Measurement> paced = of("http-paced", 200);
        if (!paced.isEmpty()) {
            double p99 = med(paced, Measurement::claimP99);
            System.out.printf("Claim p99 at 200 workers paced to %.0f%% load: %.1f ms -> %s%n", o.pacedLoad * 100, p99,
                    p99 <= 25 ? "within 25 ms" : String.format("over 25 ms by %.1f ms", p99 - 25));
        }
    }

    private boolean has(String side) {
        return results.stream().anyMatch(m -> m.side().equals(side));
    }

    private List<Measurement> of(String side, int n) {
        return results.stream().filter(m -> m.side().equals(side) && m.n() == n).toList();
    }

    private static double med(List<Measurement> ms, ToDoubleFunction<Measurement> f) {
        return Stats.median(ms.stream().mapToDouble(f).toArray());
    }

    private static String rates(List<Measurement> ms) {
        double[] r = ms.stream().mapToDouble(Measurement::rate).toArray();
        return String.format("**%.0f** (%.0f–%.0f)", Stats.median(r), Stats.min(r), Stats.max(r));
    }

    private static String claims(List<Measurement> ms) {
        return String.format("%.2f / %.2f / %.2f", med(ms, Measurement::claimP50), med(ms, Measurement::claimP95),
                med(ms, Measurement::claimP99));
    }

    private static long errors(List<Measurement> ms) {
        return ms.stream().mapToLong(Measurement::errors).sum();
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "–" : String.format("%.2f", a / b);
    }

    private static String shares(List<Measurement> ms, String... groups) {
        StringBuilder sb = new StringBuilder();
        for (String g : groups) {
            if (sb.length() > 0) {
                sb.append(" / ");
            }
            sb.append(String.format("%.0f%%", med(ms, m -> m.cpu().getOrDefault(g, Double.NaN)) * 100));
        }
        return sb.toString();
    }
}
