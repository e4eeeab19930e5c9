package io.tessera.quality.aggregation.pairwise;

import io.tessera.quality.aggregation.Gaussian;
import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.AnswersMergedLabels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The result of {@link BradleyTerry}: scores, intervals and the ranking of the outputs; per pair item the merged
 * label with its vote share and the model's P(A better); per worker the agreement with the model.
 *
 * <p>The merged label of a pair item is the weighted vote over "A", "B" and "tie" (the final worker weights, or 1
 * each when unweighted or when every weight is 0); equal top weights give "tie". Its confidence is the top share.
 */
public final class BradleyTerryResult extends AnswersMergedLabels<PairwiseVote, String> {

    private final String[] outputs;
    private final Map<String, Integer> outputIndex;
    private final double[] score;
    private final double[] variance;
    private final int[] left;
    private final int[] right;
    private final int[] outcome;
    private final double[] weight;
    private final double[] agreement;
    private final int rounds;
    private final int iterations;
    private final boolean converged;
    private final String[] pairLabel;
    private final double[] pairShare;
    private final int[] ranking;

    BradleyTerryResult(String algorithm, ItemAnswers<PairwiseVote> answers, String[] outputs, double[] score,
                       double[] variance, int[] left, int[] right, int[] outcome, double[] weight, double[] agreement,
                       int rounds, int iterations, boolean converged) {
        super(algorithm, answers);
        this.outputs = outputs;
        this.outputIndex = new HashMap<>();
        for (int i = 0; i < outputs.length; i++) {
            outputIndex.put(outputs[i], i);
        }
        this.score = score;
        this.variance = variance;
        this.left = left;
        this.right = right;
        this.outcome = outcome;
        this.weight = weight;
        this.agreement = agreement;
        this.rounds = rounds;
        this.iterations = iterations;
        this.converged = converged;
        this.pairLabel = new String[answers().itemCount()];
        this.pairShare = new double[answers().itemCount()];
        mergePairs();
        Integer[] order = new Integer[outputs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // highest score first; equal scores keep first-appearance order (stable sort)
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -score[i]));
        this.ranking = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    private void mergePairs() {
        int[] start = answers().itemOffsets();
        int[] wo = answers().workerOf();
        boolean anyWeight = false;
        if (weight != null) {
            for (double w : weight) {
                anyWeight |= w > 0;
            }
        }
        for (int t = 0; t < answers().itemCount(); t++) {
            double[] v = new double[3];
            for (int r = start[t]; r < start[t + 1]; r++) {
                v[outcome[r]] += anyWeight ? weight[wo[r]] : 1.0;
            }
            double total = v[0] + v[1] + v[2];
            double top = Math.max(v[0], Math.max(v[1], v[2]));
            PairwiseVote.Outcome o;
            if (v[2] == top || v[0] == v[1]) {
                o = PairwiseVote.Outcome.TIE;
            } else {
                o = v[0] > v[1] ? PairwiseVote.Outcome.A : PairwiseVote.Outcome.B;
            }
            pairLabel[t] = o.label();
            pairShare[t] = total > 0 ? v[o.ordinal()] / total : 0;
        }
    }



    /** Pair items, in id order. */




    /** Merged label of pair item t: "A", "B" or "tie". */
    @Override
    public String answer(int t) {
        return pairLabel[t];
    }

    /** Weighted share of the votes of pair item t for its merged label. */
    @Override
    public double confidence(int t) {
        return pairShare[t];
    }

    /**
     * P(A better than B) for pair item t under the fitted model (its first row's outputs), which pools every pair
     * the two outputs were in.
     */
    public double probabilityABetter(int t) {
        int r = answers().itemStart(t);
        return BradleyTerry.sigmoid(score[left[r]] - score[right[r]]);
    }

    /** The outputs in order of first appearance. */
    public List<String> outputs() {
        return Collections.unmodifiableList(Arrays.asList(outputs));
    }

    /** Output ids, best first (equal scores in order of first appearance). */
    public List<String> ranking() {
        List<String> out = new ArrayList<>(outputs.length);
        for (int i : ranking) {
            out.add(outputs[i]);
        }
        return out;
    }

    /** 1-based rank of an output, or 0 when unknown. */
    public int rank(String output) {
        Integer i = outputIndex.get(output);
        if (i == null) {
            return 0;
        }
        for (int k = 0; k < ranking.length; k++) {
            if (ranking[k] == i) {
                return k + 1;
            }
        }
        return 0;
    }

    /** Centred log-strength θ_i − θ̄ of an output; empty when unknown. */
    public OptionalDouble score(String output) {
        Integer i = outputIndex.get(output);
        return i == null ? OptionalDouble.empty() : OptionalDouble.of(score[i]);
    }

    /** Centred score by output index (order of {@link #outputs()}). */
    public double score(int i) {
        return score[i];
    }

    /** Standard error of output i's centred score. */
    public double standardError(int i) {
        return Math.sqrt(variance[i]);
    }

    /** Normal interval {low, high} of output i's centred score at a level such as 0.95. */
    public double[] interval(int i, double level) {
        double h = Gaussian.twoSidedZ(level) * standardError(i);
        return new double[] {score[i] - h, score[i] + h};
    }

    /** P(output a beats output b) = σ(θ_a − θ_b). */
    public double probabilityBeats(String a, String b) {
        return BradleyTerry.sigmoid(score[index(a)] - score[index(b)]);
    }

    private int index(String output) {
        Integer i = outputIndex.get(output);
        if (i == null) {
            throw new IllegalArgumentException("unknown output: " + output);
        }
        return i;
    }

    /** Fraction of the worker's non-tie votes on the side the final model prefers; NaN with no such vote. */
    @Override
    public double skill(int w) {
        return agreement[w];
    }

    /** The worker's vote weight in the final fit (1 for everybody when unweighted). */
    public double weight(int w) {
        return weight == null ? 1.0 : weight[w];
    }

    @Override
    public String confidenceMeaning() {
        return "weighted share of the pair's votes for its merged label";
    }

    @Override
    public String skillMeaning() {
        return "fraction of the worker's A/B votes on the side the Bradley-Terry model prefers (0.5 = chance)";
    }

    /** Fit-and-reweight rounds (1 when unweighted). */
    public int rounds() {
        return rounds;
    }

    /** MM iterations over all rounds. */
    public int iterations() {
        return iterations;
    }

    /** Whether the last MM fit stopped on its tolerance. */
    public boolean converged() {
        return converged;
    }
}
