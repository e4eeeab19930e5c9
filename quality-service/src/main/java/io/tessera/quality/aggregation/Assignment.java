package io.tessera.quality.aggregation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One-to-one matching of two lists (boxes of two workers, a worker's boxes and the current clusters, spans) by a
 * similarity such as IoU. A pair may match only when its score is at least the threshold (NaN: never).
 */
public final class Assignment {

    /** How to match. */
    public enum Method {
        /** Pairs by score, highest first (ties: lower row, then lower column), each side used once: COCO's rule. */
        GREEDY,
        /**
         * The largest number of matches, and among those the largest total score (Hungarian algorithm on
         * (min(n, m) + 1) + score, O(n² m)).
         */
        OPTIMAL
    }

    private Assignment() {
    }

    /**
     * Matches rows to columns.
     *
     * @param score     score[i][j] for row i and column j (a rectangular matrix; rows may be empty)
     * @param threshold the least score that may match
     * @return for each row the matched column, or -1
     */
    public static int[] match(double[][] score, double threshold, Method method) {
        int n = score.length;
        int m = n == 0 ? 0 : score[0].length;
        int[] out = new int[n];
        Arrays.fill(out, -1);
        if (n == 0 || m == 0) {
            return out;
        }
        return method == Method.GREEDY ? greedy(score, threshold, n, m, out) : optimal(score, threshold, n, m, out);
    }

    private static boolean allowed(double s, double threshold) {
        return s >= threshold; // false for NaN
    }

    private static int[] greedy(double[][] score, double threshold, int n, int m, int[] out) {
        List<long[]> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                if (allowed(score[i][j], threshold)) {
                    pairs.add(new long[] {i, j});
                }
            }
        }
        pairs.sort((a, b) -> {
            int c = Double.compare(score[(int) b[0]][(int) b[1]], score[(int) a[0]][(int) a[1]]);
            if (c != 0) {
                return c;
            }
            c = Long.compare(a[0], b[0]);
            return c != 0 ? c : Long.compare(a[1], b[1]);
        });
        boolean[] colUsed = new boolean[m];
        for (long[] p : pairs) {
            int i = (int) p[0];
            int j = (int) p[1];
            if (out[i] < 0 && !colUsed[j]) {
                out[i] = j;
                colUsed[j] = true;
            }
        }
        return out;
    }

    private static int[] optimal(double[][] score, double threshold, int n, int m, int[] out) {
        boolean transpose = n > m;
        int rows = transpose ? m : n;
        int cols = transpose ? n : m;
        double big = Math.min(n, m) + 1;
        // minimisation cost, 1-based
        double[][] a = new double[rows + 1][cols + 1];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double s = transpose ? score[j][i] : score[i][j];
                a[i + 1][j + 1] = allowed(s, threshold) ? -(big + s) : 0;
            }
        }
        double[] u = new double[rows + 1];
        double[] v = new double[cols + 1];
        int[] p = new int[cols + 1];
        int[] way = new int[cols + 1];
        double[] minv = new double[cols + 1];
        boolean[] used = new boolean[cols + 1];
        for (int i = 1; i <= rows; i++) {
            p[0] = i;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= cols; j++) {
                    if (!used[j]) {
                        double cur = a[i0][j] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= cols; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        for (int j = 1; j <= cols; j++) {
            if (p[j] == 0) {
                continue;
            }
            int r = transpose ? j - 1 : p[j] - 1;
            int c = transpose ? p[j] - 1 : j - 1;
            if (allowed(score[r][c], threshold)) {
                out[r] = c;
            }
        }
        return out;
    }
}
