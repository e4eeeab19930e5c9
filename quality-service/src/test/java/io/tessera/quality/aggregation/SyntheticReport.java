package io.tessera.quality.aggregation;

import java.util.Locale;
import java.util.SplittableRandom;

/** Helpers for the synthetic-crowd tests: seeded sampling and one greppable line per measured figure. */
public final class SyntheticReport {

    private SyntheticReport() {
    }

    /** Prints {@code SYNTHETIC <kind> seed=<seed>: <message>} to standard output (the figures in docs/quality.md). */
    public static void print(String kind, long seed, String format, Object... args) {
        System.out.println("SYNTHETIC " + kind + " seed=" + seed + ": " + String.format(Locale.ROOT, format, args));
    }

    /** k distinct numbers from 0..n-1 (partial Fisher-Yates), in draw order. */
    public static int[] distinct(SplittableRandom rnd, int n, int k) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rnd.nextInt(n - i);
            int tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        return java.util.Arrays.copyOf(all, k);
    }
}
