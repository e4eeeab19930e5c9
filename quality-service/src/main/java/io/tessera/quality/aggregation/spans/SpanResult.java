package io.tessera.quality.aggregation.spans;

import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.AnswersMergedLabels;
import java.util.List;

/**
 * The result of {@link SpanVoting}: per item the kept spans (by start, end, label) and every candidate with its
 * support; per worker precision, recall and F1 against the merged spans, and the weight used.
 */
public final class SpanResult extends AnswersMergedLabels<List<Span>, List<Span>> {

    private final List<List<MergedSpan>> candidates;
    private final double[] confidence;
    private final double[] weight;
    private final double[][] stats;
    private final int rounds;

    SpanResult(String algorithm, ItemAnswers<List<Span>> answers, List<List<MergedSpan>> candidates,
               double[] confidence, double[] weight, double[][] stats, int rounds) {
        super(algorithm, answers);
        this.candidates = candidates;
        this.confidence = confidence;
        this.weight = weight;
        this.stats = stats;
        this.rounds = rounds;
    }







    /** The kept spans of item t, by start, end, label. */
    @Override
    public List<Span> answer(int t) {
        return candidates.get(t).stream().filter(MergedSpan::kept).map(MergedSpan::span).toList();
    }

    /** Every candidate span of item t, kept or not, by start, end, label. */
    public List<MergedSpan> candidates(int t) {
        return candidates.get(t);
    }

    /** The least certain span decision: min over candidates of max(support, 1 − support); 1 for gold. */
    @Override
    public double confidence(int t) {
        return confidence[t];
    }

    /** F1 of the worker's spans against the merged spans; NaN when neither side has a span. */
    @Override
    public double skill(int w) {
        double tp = stats[0][w];
        double d = 2 * tp + stats[1][w] + stats[2][w];
        return d == 0 ? Double.NaN : 2 * tp / d;
    }

    public double precision(int w) {
        double d = stats[0][w] + stats[1][w];
        return d == 0 ? Double.NaN : stats[0][w] / d;
    }

    public double recall(int w) {
        double d = stats[0][w] + stats[2][w];
        return d == 0 ? Double.NaN : stats[0][w] / d;
    }

    /** The reliability weight of the last round (1 when unweighted). */
    public double weight(int w) {
        return weight == null ? 1.0 : weight[w];
    }

    public int rounds() {
        return rounds;
    }

    @Override
    public String confidenceMeaning() {
        return "the least certain span decision: min over the item's candidate spans of max(support, 1 - support)";
    }

    @Override
    public String skillMeaning() {
        return "F1 of the worker's spans against the merged spans (exact offsets, or the voting IoU)";
    }
}
