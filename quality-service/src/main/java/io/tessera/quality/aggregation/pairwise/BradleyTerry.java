package io.tessera.quality.aggregation.pairwise;

import io.tessera.quality.aggregation.ItemAnswers;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bradley-Terry ranking of the outputs met in a job's pair items, with confidence intervals, worker weights and a
 * merged label per pair.
 *
 * <p>Model: output i has strength γ_i = e^θ_i and beats j with probability γ_i / (γ_i + γ_j). A tie counts as half a
 * win for each side. Every output also plays {@code prior} wins and {@code prior} losses against a virtual opponent of
 * strength 1 (θ = 0): a conjugate-style prior that keeps an output that never lost finite, shrinks outputs seen in few
 * pairs towards the middle and fixes the scale. Fitted with Hunter's (2004) MM algorithm, the simultaneous update
 * γ_i ← (W_i + prior) / (Σ_j n_ij / (γ_i + γ_j) + 2·prior / (γ_i + 1)), which increases the likelihood at every step
 * and needs no step size; it stops when no θ moves by more than {@code tolerance}. With {@code prior = 0} the strengths
 * are renormalised to a geometric mean of 1 every step instead (then every output must have won and lost at least
 * partly, and the comparison graph must be connected).
 *
 * <p>Intervals come from the observed Fisher information of θ (the prior included): covariance I⁻¹ by Cholesky, up to
 * {@code denseLimit} outputs; beyond it, 1/I_ii, which is narrower than the exact variance. Scores are reported
 * centred (mean 0), with the variance of θ_i − θ̄.
 *
 * <p>With {@code weightWorkers}, votes are weighted by the worker's agreement with the model: a_w = (votes on the
 * side the model prefers + 1) / (non-tie votes + 2), weight max(0, 2·a_w − 1), so a worker who answers at random or
 * always "A" gets a weight near 0; the fit and the weights alternate until the weights settle (at most 20 rounds).
 *
 * @param prior         pseudo-wins and pseudo-losses of each output against a virtual opponent at θ = 0 (default 1)
 * @param weightWorkers whether to weight votes by worker agreement (default true)
 * @param maxIterations MM iteration limit per fit (default 10,000)
 * @param tolerance     stop when max |Δθ| is below this (default 1e-10)
 * @param denseLimit    largest number of outputs for the exact covariance (default 1,000)
 */
public record BradleyTerry(double prior, boolean weightWorkers, int maxIterations, double tolerance, int denseLimit) {

    static final int MAX_ROUNDS = 20;

    public BradleyTerry() {
        this(1.0, true, 10_000, 1e-10, 1_000);
    }

    public BradleyTerry {
        if (!(prior >= 0) || Double.isInfinite(prior)) {
            throw new IllegalArgumentException("prior must be a finite number >= 0: " + prior);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations < 1");
        }
    }

    /** The same without worker weights (every vote counts 1). */
    public BradleyTerry unweighted() {
        return new BradleyTerry(prior, false, maxIterations, tolerance, denseLimit);
    }

    /** The same with another prior. */
    public BradleyTerry withPrior(double pseudoGames) {
        return new BradleyTerry(pseudoGames, weightWorkers, maxIterations, tolerance, denseLimit);
    }

    public String name() {
        return weightWorkers ? "bt-weighted" : "bt";
    }

    /** Fits on one vote per (pair item, worker). */
    public BradleyTerryResult fit(ItemAnswers<PairwiseVote> answers) {
        int n = answers.size();
        // outputs in order of first appearance, left before right
        LinkedHashMap<String, Integer> outputIndex = new LinkedHashMap<>();
        int[] left = new int[n];
        int[] right = new int[n];
        int[] outcome = new int[n];
        for (int r = 0; r < n; r++) {
            PairwiseVote v = answers.value(r);
            left[r] = outputIndex.computeIfAbsent(v.left(), k -> outputIndex.size());
            right[r] = outputIndex.computeIfAbsent(v.right(), k -> outputIndex.size());
            outcome[r] = v.outcome().ordinal();
        }
        int m = outputIndex.size();
        // distinct unordered pairs of outputs (edges), i < j
        Map<Long, Integer> edgeOf = new HashMap<>();
        int[] edgeRow = new int[n];
        boolean[] leftIsI = new boolean[n];
        int[] ei = new int[n];
        int[] ej = new int[n];
        int edges = 0;
        for (int r = 0; r < n; r++) {
            int i = Math.min(left[r], right[r]);
            int j = Math.max(left[r], right[r]);
            long key = ((long) i << 32) | j;
            Integer e = edgeOf.get(key);
            if (e == null) {
                e = edges++;
                edgeOf.put(key, e);
                ei[e] = i;
                ej[e] = j;
            }
            edgeRow[r] = e;
            leftIsI[r] = left[r] == i;
        }
        ei = Arrays.copyOf(ei, edges);
        ej = Arrays.copyOf(ej, edges);
        int nw = answers.workerCount();
        int[] wo = answers.workerOf();
        double[] weight = new double[nw];
        Arrays.fill(weight, 1.0);
        double[] agreement = new double[nw];
        double[] games = new double[edges];
        double[] winsI = new double[edges];
        double[] theta = new double[m];
        int rounds = 0;
        int iterations = 0;
        boolean converged = true;
        while (true) {
            rounds++;
            Arrays.fill(games, 0);
            Arrays.fill(winsI, 0);
            for (int r = 0; r < n; r++) {
                double om = weight[wo[r]];
                int e = edgeRow[r];
                games[e] += om;
                double leftScore = outcome[r] == 0 ? 1 : outcome[r] == 1 ? 0 : 0.5;
                winsI[e] += om * (leftIsI[r] ? leftScore : 1 - leftScore);
            }
            int it = mm(m, ei, ej, games, winsI, theta);
            iterations += it;
            converged = it < maxIterations;
            if (!weightWorkers || rounds >= MAX_ROUNDS) {
                break;
            }
            double moved = workerAgreement(left, right, outcome, wo, theta, agreement, weight);
            if (moved < 1e-6) {
                break;
            }
        }
        double[] raw = rawAgreement(left, right, outcome, wo, nw, theta);
        double[] variance = centredVariance(m, ei, ej, games, theta);
        double mean = 0;
        for (double t : theta) {
            mean += t;
        }
        mean = m == 0 ? 0 : mean / m;
        double[] score = new double[m];
        for (int i = 0; i < m; i++) {
            score[i] = theta[i] - mean;
        }
        return new BradleyTerryResult(name(), answers, outputIndex.keySet().toArray(String[]::new), score, variance,
                left, right, outcome, weightWorkers ? weight : null, raw, rounds, iterations, converged);
    }

    /** MM iterations in place on theta; returns the number of iterations run. */
    private int mm(int m, int[] ei, int[] ej, double[] games, double[] winsI, double[] theta) {
        double[] wins = new double[m];
        for (int e = 0; e < ei.length; e++) {
            wins[ei[e]] += winsI[e];
            wins[ej[e]] += games[e] - winsI[e];
        }
        double[] gamma = new double[m];
        double[] denom = new double[m];
        for (int i = 0; i < m; i++) {
            gamma[i] = Math.exp(theta[i]);
        }
        int it = 0;
        while (it < maxIterations) {
            it++;
            for (int i = 0; i < m; i++) {
                denom[i] = 2 * prior / (gamma[i] + 1);
            }
            for (int e = 0; e < ei.length; e++) {
                double g = games[e] / (gamma[ei[e]] + gamma[ej[e]]);
                denom[ei[e]] += g;
                denom[ej[e]] += g;
            }
            double logMean = 0;
            for (int i = 0; i < m; i++) {
                gamma[i] = denom[i] > 0 ? (wins[i] + prior) / denom[i] : 1.0; // an output without games stays at 1
                logMean += Math.log(gamma[i]);
            }
            logMean /= m;
            double moved = 0;
            for (int i = 0; i < m; i++) {
                if (prior == 0) {
                    gamma[i] *= Math.exp(-logMean);
                }
                double t = Math.log(gamma[i]);
                moved = Math.max(moved, Math.abs(t - theta[i]));
                theta[i] = t;
            }
            if (moved < tolerance) {
                break;
            }
        }
        return it;
    }

    /**
     * Updates agreement (smoothed) and weights from the current model; returns the largest weight change.
     */
    private static double workerAgreement(int[] left, int[] right, int[] outcome, int[] wo, double[] theta,
                                          double[] agreement, double[] weight) {
        int nw = weight.length;
        double[] hits = new double[nw];
        int[] count = new int[nw];
        countAgreement(left, right, outcome, wo, theta, hits, count);
        double moved = 0;
        for (int w = 0; w < nw; w++) {
            agreement[w] = (hits[w] + 1) / (count[w] + 2);
            double next = Math.max(0, 2 * agreement[w] - 1);
            moved = Math.max(moved, Math.abs(next - weight[w]));
            weight[w] = next;
        }
        return moved;
    }

    private static double[] rawAgreement(int[] left, int[] right, int[] outcome, int[] wo, int nw, double[] theta) {
        double[] hits = new double[nw];
        int[] count = new int[nw];
        countAgreement(left, right, outcome, wo, theta, hits, count);
        double[] a = new double[nw];
        for (int w = 0; w < nw; w++) {
            a[w] = count[w] == 0 ? Double.NaN : hits[w] / count[w];
        }
        return a;
    }

    /** Non-tie votes on the side the model prefers (1), against it (0), or where the model is indifferent (0.5). */
    private static void countAgreement(int[] left, int[] right, int[] outcome, int[] wo, double[] theta,
                                       double[] hits, int[] count) {
        for (int r = 0; r < left.length; r++) {
            if (outcome[r] == 2) {
                continue;
            }
            double d = theta[left[r]] - theta[right[r]];
            if (outcome[r] == 1) {
                d = -d;
            }
            hits[wo[r]] += d > 0 ? 1 : d == 0 ? 0.5 : 0;
            count[wo[r]]++;
        }
    }

    /** Var(θ_i − θ̄) from the observed Fisher information at theta. */
    private double[] centredVariance(int m, int[] ei, int[] ej, double[] games, double[] theta) {
        double[] var = new double[m];
        if (m == 0) {
            return var;
        }
        if (m > denseLimit) {
            double[] diag = new double[m];
            for (int i = 0; i < m; i++) {
                double p = sigmoid(theta[i]);
                diag[i] = 2 * prior * p * (1 - p);
            }
            for (int e = 0; e < ei.length; e++) {
                double p = sigmoid(theta[ei[e]] - theta[ej[e]]);
                double v = games[e] * p * (1 - p);
                diag[ei[e]] += v;
                diag[ej[e]] += v;
            }
            for (int i = 0; i < m; i++) {
                var[i] = diag[i] > 0 ? 1 / diag[i] : Double.POSITIVE_INFINITY;
            }
            return var;
        }
        double[][] info = new double[m][m];
        for (int i = 0; i < m; i++) {
            double p = sigmoid(theta[i]);
            info[i][i] = 2 * prior * p * (1 - p);
        }
        for (int e = 0; e < ei.length; e++) {
            double p = sigmoid(theta[ei[e]] - theta[ej[e]]);
            double v = games[e] * p * (1 - p);
            info[ei[e]][ei[e]] += v;
            info[ej[e]][ej[e]] += v;
            info[ei[e]][ej[e]] -= v;
            info[ej[e]][ei[e]] -= v;
        }
        if (prior == 0) {
            // the likelihood does not see a common shift: invert I + J/m, then remove J/m (pseudo-inverse)
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    info[i][j] += 1.0 / m;
                }
            }
        }
        double[][] cov = SymmetricInverse.invert(info);
        if (cov == null) {
            Arrays.fill(var, Double.POSITIVE_INFINITY);
            return var;
        }
        if (prior == 0) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    cov[i][j] -= 1.0 / m;
                }
            }
        }
        double total = 0;
        double[] rowMean = new double[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += cov[i][j];
            }
            rowMean[i] = s / m;
            total += s;
        }
        total /= (double) m * m;
        for (int i = 0; i < m; i++) {
            var[i] = Math.max(0, cov[i][i] - 2 * rowMean[i] + total);
        }
        return var;
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }
}
