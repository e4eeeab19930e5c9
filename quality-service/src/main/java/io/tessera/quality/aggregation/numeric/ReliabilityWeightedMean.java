package io.tessera.quality.aggregation.numeric;

import io.tessera.quality.aggregation.ItemAnswers;
import java.util.Arrays;
import java.util.Map;

/**
 * Reliability-weighted mean: each worker's answers are the truth plus normal noise with the worker's own variance
 * σ²_w (and, with {@code bias}, the worker's own offset b_w), and the item's value is the inverse-variance weighted
 * mean. The variances are estimated iteratively (coordinate ascent from the item medians):
 *
 * <ol>
 *   <li>μ_t = Σ_w (x_tw − b_w)/σ²_w / Σ_w 1/σ²_w (gold items: μ_t = gold);</li>
 *   <li>with {@code bias}: b_w = Σ_t (x_tw − μ_t) / (n_w + biasPrior), over items the worker shares with others
 *       (shrunk towards 0), then centred so the answer-weighted mean bias is 0 (unless there is gold, which anchors
 *       the scale);</li>
 *   <li>σ²_w from leave-one-out residuals e = x_tw − b_w − μ_{t,−w}, where μ_{t,−w} is the weighted mean of the other
 *       answers, whose own variance 1/Σ_{v≠w} 1/σ²_v is subtracted from e² so σ²_w is not inflated on items with
 *       few answers; with an inverse-gamma prior of {@code priorDegrees} pseudo-answers at the pooled variance:
 *       σ²_w = (ν0·s²_pool + Σ (e² − var(μ_{t,−w}))) / (ν0 + m_w), floored at 1e-4·s²_pool.</li>
 * </ol>
 *
 * Stops when no item value moves by more than {@code tolerance} × the pooled standard deviation, or after
 * {@code maxIterations}. The standard error of μ_t is the posterior standard deviation sqrt(1 / Σ_w 1/σ²_w) (the
 * worker variances taken as known). Worker skill: the estimated σ_w. Leave-one-out residuals need at least two answers
 * on an item (or gold); a worker who never shares an item keeps the prior variance.
 *
 * @param within        half-width for {@link NumericResult#confidence(int)}
 * @param priorDegrees  pseudo-answers of the pooled variance in each worker's variance (≥ 0; default 2)
 * @param bias          whether to fit an additive bias per worker (lenient and harsh raters)
 * @param biasPrior     pseudo-answers at bias 0 in each worker's bias (default 2)
 * @param maxIterations iteration limit (default 100)
 * @param tolerance     convergence threshold relative to the pooled standard deviation (default 1e-6)
 */
public record ReliabilityWeightedMean(double within, double priorDegrees, boolean bias, double biasPrior,
                                      int maxIterations, double tolerance) implements NumericAggregator {

    public ReliabilityWeightedMean() {
        this(0.5, 2, false, 2, 100, 1e-6);
    }

    public ReliabilityWeightedMean {
        NumericKernel.checkWithin(within);
        NumericKernel.checkPriorDegrees(priorDegrees);
        NumericKernel.checkPriorDegrees(biasPrior);
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations < 1");
        }
    }

    /** The same with a per-worker bias fitted (see the class comment). */
    public ReliabilityWeightedMean withBias() {
        return new ReliabilityWeightedMean(within, priorDegrees, true, biasPrior, maxIterations, tolerance);
    }

    /** The same with another confidence half-width. */
    public ReliabilityWeightedMean within(double halfWidth) {
        return new ReliabilityWeightedMean(halfWidth, priorDegrees, bias, biasPrior, maxIterations, tolerance);
    }

    @Override
    public String name() {
        return bias ? "weighted-bias" : "weighted";
    }

    @Override
    public NumericResult fit(ItemAnswers<Double> a, Map<String, Double> goldMap) {
        double[] x = NumericKernel.values(a);
        double[] gold = NumericKernel.gold(a, goldMap);
        int[] start = a.itemOffsets();
        int[] wo = a.workerOf();
        int nItems = a.itemCount();
        int nw = a.workerCount();
        boolean anyGold = false;
        for (double g : gold) {
            anyGold |= !Double.isNaN(g);
        }
        double[] mean = NumericKernel.means(start, x);
        double pooled = NumericKernel.pooledVariance(start, x, mean);
        if (Double.isNaN(pooled)) {
            pooled = goldVariance(start, x, gold);
        }
        double[] mu = NumericKernel.medians(start, x);
        for (int t = 0; t < nItems; t++) {
            if (!Double.isNaN(gold[t])) {
                mu[t] = gold[t];
            }
        }
        double[] b = new double[nw];
        double[] var = new double[nw];
        if (Double.isNaN(pooled)) {
            // no item with two answers and no gold: nothing tells workers apart
            double[] se = new double[nItems];
            Arrays.fill(se, Double.POSITIVE_INFINITY);
            double[] nan = new double[nw];
            Arrays.fill(nan, Double.NaN);
            return new NumericResult(name(), a, mean, se, nan, nan.clone(), within, SKILL, 0, true);
        }
        double floor = Math.max(pooled * 1e-4, 1e-12);
        Arrays.fill(var, Math.max(pooled, floor));
        double step = tolerance * Math.sqrt(Math.max(pooled, floor));
        double[] weightSum = new double[nItems];
        double[] weighted = new double[nItems];
        double[] ss = new double[nw];
        int[] m = new int[nw];
        double[] bsum = new double[nw];
        int[] bcount = new int[nw];
        int iterations = 0;
        boolean converged = false;
        while (iterations < maxIterations) {
            iterations++;
            // 1. item values
            double moved = 0;
            for (int t = 0; t < nItems; t++) {
                double sw = 0;
                double s = 0;
                for (int r = start[t]; r < start[t + 1]; r++) {
                    double om = 1.0 / var[wo[r]];
                    sw += om;
                    s += om * (x[r] - b[wo[r]]);
                }
                weightSum[t] = sw;
                weighted[t] = s;
                double next = Double.isNaN(gold[t]) ? s / sw : gold[t];
                moved = Math.max(moved, Math.abs(next - mu[t]));
                mu[t] = next;
            }
            // 2. biases
            if (bias) {
                Arrays.fill(bsum, 0);
                Arrays.fill(bcount, 0);
                for (int t = 0; t < nItems; t++) {
                    if (start[t + 1] - start[t] < 2 && Double.isNaN(gold[t])) {
                        continue;
                    }
                    for (int r = start[t]; r < start[t + 1]; r++) {
                        bsum[wo[r]] += x[r] - mu[t];
                        bcount[wo[r]]++;
                    }
                }
                double centre = 0;
                long total = 0;
                for (int w = 0; w < nw; w++) {
                    b[w] = bsum[w] / (bcount[w] + biasPrior);
                    centre += b[w] * bcount[w];
                    total += bcount[w];
                }
                if (!anyGold && total > 0) {
                    centre /= total;
                    for (int w = 0; w < nw; w++) {
                        b[w] -= centre;
                    }
                }
            }
            // 3. variances from leave-one-out residuals
            Arrays.fill(ss, 0);
            Arrays.fill(m, 0);
            for (int t = 0; t < nItems; t++) {
                int k = start[t + 1] - start[t];
                boolean isGold = !Double.isNaN(gold[t]);
                if (k < 2 && !isGold) {
                    continue;
                }
                for (int r = start[t]; r < start[t + 1]; r++) {
                    int w = wo[r];
                    double e;
                    double correction;
                    if (isGold) {
                        e = x[r] - b[w] - gold[t];
                        correction = 0;
                    } else {
                        double om = 1.0 / var[w];
                        double others = weightSum[t] - om;
                        e = x[r] - b[w] - (weighted[t] - om * (x[r] - b[w])) / others;
                        correction = 1.0 / others;
                    }
                    ss[w] += e * e - correction;
                    m[w]++;
                }
            }
            for (int w = 0; w < nw; w++) {
                var[w] = Math.max(floor, (priorDegrees * pooled + Math.max(0, ss[w])) / (priorDegrees + m[w]));
            }
            if (moved <= step && iterations > 1) {
                converged = true;
                break;
            }
        }
        // final item values and errors under the final variances
        double[] se = new double[nItems];
        for (int t = 0; t < nItems; t++) {
            double sw = 0;
            double s = 0;
            for (int r = start[t]; r < start[t + 1]; r++) {
                double om = 1.0 / var[wo[r]];
                sw += om;
                s += om * (x[r] - b[wo[r]]);
            }
            if (Double.isNaN(gold[t])) {
                mu[t] = s / sw;
                se[t] = Math.sqrt(1.0 / sw);
            } else {
                se[t] = 0;
            }
        }
        double[] sd = new double[nw];
        double[] reportedBias = bias ? b : NumericKernel.leaveOneOutErrors(a, x, gold, false)[1];
        for (int w = 0; w < nw; w++) {
            sd[w] = Math.sqrt(var[w]);
        }
        return new NumericResult(name(), a, mu, se, sd, reportedBias, within, SKILL, iterations, converged);
    }

    private static final String SKILL = "estimated standard deviation of the worker's error (after removing the"
            + " worker's bias when fitted); lower is better";

    /** Mean squared difference between answers and gold, NaN without gold. */
    private static double goldVariance(int[] start, double[] x, double[] gold) {
        double ss = 0;
        int n = 0;
        for (int t = 0; t < gold.length; t++) {
            if (Double.isNaN(gold[t])) {
                continue;
            }
            for (int r = start[t]; r < start[t + 1]; r++) {
                double d = x[r] - gold[t];
                ss += d * d;
                n++;
            }
        }
        return n == 0 ? Double.NaN : ss / n;
    }
}
