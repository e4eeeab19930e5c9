package io.tessera.quality.aggregation.numeric;

import io.tessera.quality.aggregation.Gaussian;
import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.AnswersMergedLabels;
import java.util.List;

/**
 * The result of a {@link NumericAggregator}: per item the merged value and its standard error, per worker an error
 * standard deviation and a bias.
 *
 * <p>{@link #confidence(int)} is P(|truth − estimate| ≤ {@code within}) under a normal posterior with the item's
 * standard error, where {@code within} is the aggregator's parameter (half a step of an ordinal scale: the
 * probability that the rounded answer is the right one). {@link #confidenceWithin(int, double)} takes any half-width.
 * An item whose precision cannot be estimated (every item has one answer, no gold) has an infinite standard error and
 * confidence 0.
 */
public final class NumericResult extends AnswersMergedLabels<Double, Double> {

    private final double[] estimate;
    private final double[] standardError;
    private final double[] workerSd;
    private final double[] workerBias;
    private final double within;
    private final String skillMeaning;
    private final int iterations;
    private final boolean converged;

    NumericResult(String algorithm, ItemAnswers<Double> answers, double[] estimate, double[] standardError,
                  double[] workerSd, double[] workerBias, double within, String skillMeaning, int iterations,
                  boolean converged) {
        super(algorithm, answers);
        this.estimate = estimate;
        this.standardError = standardError;
        this.workerSd = workerSd;
        this.workerBias = workerBias;
        this.within = within;
        this.skillMeaning = skillMeaning;
        this.iterations = iterations;
        this.converged = converged;
    }







    @Override
    public Double answer(int t) {
        return estimate[t];
    }

    /** Merged value of item t. */
    public double estimate(int t) {
        return estimate[t];
    }

    /** Standard error (posterior standard deviation) of item t's value; 0 for gold, +∞ when unknown. */
    public double standardError(int t) {
        return standardError[t];
    }

    /** Number of answers of item t. */
    public int count(int t) {
        return answers().itemSize(t);
    }

    @Override
    public double confidence(int t) {
        return confidenceWithin(t, within);
    }

    /** P(|truth − estimate| ≤ halfWidth) under N(estimate, standardError²); 0 when the error is unknown. */
    public double confidenceWithin(int t, double halfWidth) {
        double se = standardError[t];
        return Double.isInfinite(se) ? 0.0 : Gaussian.probabilityWithin(halfWidth, se);
    }

    /** The half-width {@link #confidence(int)} uses. */
    public double within() {
        return within;
    }

    /** Symmetric normal interval for item t's value at the given level (e.g. 0.95): {low, high}. */
    public double[] interval(int t, double level) {
        double h = Gaussian.twoSidedZ(level) * standardError[t];
        return new double[] {estimate[t] - h, estimate[t] + h};
    }

    @Override
    public double skill(int w) {
        return workerSd[w];
    }

    /** The worker's error standard deviation (see {@link #skillMeaning()}); NaN when it cannot be estimated. */
    public double errorSd(int w) {
        return workerSd[w];
    }

    /**
     * The worker's bias: mean of (answer − consensus) over items shared with others or gold. Fitted by
     * {@link ReliabilityWeightedMean} with {@code bias = true} (and then removed from the worker's answers), else only
     * reported; NaN when the worker shares no item.
     */
    public double bias(int w) {
        return workerBias[w];
    }

    @Override
    public String confidenceMeaning() {
        return "probability that the true value is within ±" + within + " of the merged value (normal posterior)";
    }

    @Override
    public String skillMeaning() {
        return skillMeaning;
    }

    /** Iterations of an iterative fit (0 for one-pass methods). */
    public int iterations() {
        return iterations;
    }

    /** Whether an iterative fit stopped on its tolerance rather than its limit. */
    public boolean converged() {
        return converged;
    }
}
