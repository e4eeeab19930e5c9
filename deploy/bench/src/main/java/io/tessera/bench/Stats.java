package io.tessera.bench;

import java.util.Arrays;
import java.util.List;

/** Latency samples (nanoseconds) and medians. */
final class Stats {
    private Stats() {
    }

    /** A growable array of nanosecond samples; one per thread, merged at the end (no locking). */
    static final class Samples {
        long[] values = new long[1024];
        int size;

        void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        static long[] merge(List<Samples> all) {
            int n = 0;
            for (Samples s : all) {
                n += s.size;
            }
            long[] out = new long[n];
            int p = 0;
            for (Samples s : all) {
                System.arraycopy(s.values, 0, out, p, s.size);
                p += s.size;
            }
            Arrays.sort(out);
            return out;
        }
    }

    /** The q-quantile (nearest rank) of sorted nanos, in milliseconds; NaN when empty. */
    static double percentileMs(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] / 1e6;
    }

    static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static double min(double[] values) {
        return Arrays.stream(values).filter(d -> !Double.isNaN(d)).min().orElse(Double.NaN);
    }

    static double max(double[] values) {
        return Arrays.stream(values).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
    }
}
