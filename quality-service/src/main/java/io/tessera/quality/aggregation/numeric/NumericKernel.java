package io.tessera.quality.aggregation.numeric;

import io.tessera.quality.aggregation.ItemAnswers;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Shared arithmetic of the numeric merges on primitive arrays. Package-private. */
final class NumericKernel {

    private NumericKernel() {
    }

    static double[] values(ItemAnswers<Double> a) {
        double[] x = new double[a.size()];
        for (int r = 0; r < x.length; r++) {
            double v = a.value(r);
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("answer of worker '" + a.worker(a.workerOf()[r]) + "' on item '"
                        + a.item(a.itemOf()[r]) + "' is not a finite number: " + v);
            }
            x[r] = v;
        }
        return x;
    }

    /** Gold value per item id, NaN where unknown. */
    static double[] gold(ItemAnswers<Double> a, Map<String, Double> gold) {
        double[] g = new double[a.itemCount()];
        Arrays.fill(g, Double.NaN);
        List<Double> byItem = a.goldByItem(gold);
        for (int t = 0; t < g.length; t++) {
            if (byItem.get(t) != null) {
                g[t] = byItem.get(t);
            }
        }
        return g;
    }

    /** Plain mean per item. */
    static double[] means(int[] start, double[] x) {
        int n = start.length - 1;
        double[] m = new double[n];
        for (int t = 0; t < n; t++) {
            double s = 0;
            for (int r = start[t]; r < start[t + 1]; r++) {
                s += x[r];
            }
            m[t] = s / (start[t + 1] - start[t]);
        }
        return m;
    }

    /** Median per item (mean of the two middle values for an even count). */
    static double[] medians(int[] start, double[] x) {
        int n = start.length - 1;
        double[] m = new double[n];
        double[] buf = new double[16];
        for (int t = 0; t < n; t++) {
            int k = start[t + 1] - start[t];
            if (buf.length < k) {
                buf = new double[Math.max(k, buf.length * 2)];
            }
            System.arraycopy(x, start[t], buf, 0, k);
            m[t] = median(buf, k);
        }
        return m;
    }

    /** Median of buf[0..k-1]; sorts that range. */
    static double median(double[] buf, int k) {
        Arrays.sort(buf, 0, k);
        return (k & 1) == 1 ? buf[k / 2] : 0.5 * (buf[k / 2 - 1] + buf[k / 2]);
    }

    /**
     * Pooled within-item variance: sum over items with two or more answers of the squared deviations from the item
     * mean, over the sum of (n_t − 1). NaN when no item has two answers.
     */
    static double pooledVariance(int[] start, double[] x, double[] means) {
        double ss = 0;
        long df = 0;
        for (int t = 0; t < means.length; t++) {
            int k = start[t + 1] - start[t];
            if (k < 2) {
                continue;
            }
            for (int r = start[t]; r < start[t + 1]; r++) {
                double d = x[r] - means[t];
                ss += d * d;
            }
            df += k - 1;
        }
        return df == 0 ? Double.NaN : ss / df;
    }

    /**
     * Standard error of each item's mean with its variance shrunk towards the pooled one: s²_t = (ν0·s²_pool +
     * SS_t) / (ν0 + n_t − 1), se_t = sqrt(s²_t / n_t) × factor(n_t). Gold items get 0; +∞ when the pooled variance
     * is unknown.
     */
    static double[] shrunkStandardErrors(int[] start, double[] x, double[] means, double pooled, double priorDegrees,
                                         double[] gold, boolean medianFactor) {
        int n = means.length;
        double[] se = new double[n];
        for (int t = 0; t < n; t++) {
            if (!Double.isNaN(gold[t])) {
                se[t] = 0;
                continue;
            }
            if (Double.isNaN(pooled)) {
                se[t] = Double.POSITIVE_INFINITY;
                continue;
            }
            int k = start[t + 1] - start[t];
            double ss = 0;
            for (int r = start[t]; r < start[t + 1]; r++) {
                double d = x[r] - means[t];
                ss += d * d;
            }
            double var = (priorDegrees * pooled + ss) / (priorDegrees + k - 1);
            // the median of n normal values has variance about (π/2)·σ²/n; for n ≤ 2 it is the mean
            double factor = medianFactor && k > 2 ? Math.sqrt(Math.PI / 2) : 1.0;
            se[t] = factor * Math.sqrt(var / k);
        }
        return se;
    }

    /**
     * Per worker: root mean squared difference between the worker's answer and the consensus of the other answers on
     * the item (their mean, or their median), or the gold value; and the mean signed difference (bias). Items the
     * worker answered alone and without gold do not count; NaN for a worker with no such item.
     */
    static double[][] leaveOneOutErrors(ItemAnswers<Double> a, double[] x, double[] gold, boolean median) {
        int nw = a.workerCount();
        int[] start = a.itemOffsets();
        int[] wo = a.workerOf();
        double[] ss = new double[nw];
        double[] sum = new double[nw];
        int[] count = new int[nw];
        double[] buf = new double[16];
        for (int t = 0; t < a.itemCount(); t++) {
            int k = start[t + 1] - start[t];
            boolean isGold = !Double.isNaN(gold[t]);
            if (k < 2 && !isGold) {
                continue;
            }
            double total = 0;
            for (int r = start[t]; r < start[t + 1]; r++) {
                total += x[r];
            }
            for (int r = start[t]; r < start[t + 1]; r++) {
                double ref;
                if (isGold) {
                    ref = gold[t];
                } else if (median) {
                    if (buf.length < k) {
                        buf = new double[Math.max(k, buf.length * 2)];
                    }
                    int j = 0;
                    for (int q = start[t]; q < start[t + 1]; q++) {
                        if (q != r) {
                            buf[j++] = x[q];
                        }
                    }
                    ref = median(buf, j);
                } else {
                    ref = (total - x[r]) / (k - 1);
                }
                double d = x[r] - ref;
                ss[wo[r]] += d * d;
                sum[wo[r]] += d;
                count[wo[r]]++;
            }
        }
        double[] rms = new double[nw];
        double[] bias = new double[nw];
        for (int w = 0; w < nw; w++) {
            rms[w] = count[w] == 0 ? Double.NaN : Math.sqrt(ss[w] / count[w]);
            bias[w] = count[w] == 0 ? Double.NaN : sum[w] / count[w];
        }
        return new double[][] {rms, bias};
    }

    static void checkWithin(double within) {
        if (!(within >= 0) || Double.isInfinite(within)) {
            throw new IllegalArgumentException("within must be a finite number >= 0: " + within);
        }
    }

    static void checkPriorDegrees(double priorDegrees) {
        if (!(priorDegrees >= 0) || Double.isInfinite(priorDegrees)) {
            throw new IllegalArgumentException("priorDegrees must be a finite number >= 0: " + priorDegrees);
        }
    }
}
