package io.tessera.quality.aggregation.numeric;

import io.tessera.quality.aggregation.ItemAnswers;
import java.util.Map;

/**
 * The plain mean of an item's answers. Standard error: sqrt(s²_t / n_t), with the item's variance s²_t shrunk towards
 * the pooled within-item variance by {@code priorDegrees} pseudo-degrees of freedom (a scaled-inverse-χ² prior), so
 * three identical answers give a small standard error rather than 0, and one answer gets the pooled one. Worker
 * skill: root mean squared difference from the mean of the other answers on the same items.
 *
 * @param within       half-width for {@link NumericResult#confidence(int)} (half the scale's step for ordinal
 *                     ratings)
 * @param priorDegrees pseudo-degrees of freedom of the pooled variance in each item's variance (0: the item's own)
 */
public record NumericMean(double within, double priorDegrees) implements NumericAggregator {

    public NumericMean() {
        this(0.5, 2);
    }

    public NumericMean {
        NumericKernel.checkWithin(within);
        NumericKernel.checkPriorDegrees(priorDegrees);
    }

    @Override
    public String name() {
        return "mean";
    }

    @Override
    public NumericResult fit(ItemAnswers<Double> a, Map<String, Double> goldMap) {
        double[] x = NumericKernel.values(a);
        double[] gold = NumericKernel.gold(a, goldMap);
        int[] start = a.itemOffsets();
        double[] mean = NumericKernel.means(start, x);
        double pooled = NumericKernel.pooledVariance(start, x, mean);
        double[] se = NumericKernel.shrunkStandardErrors(start, x, mean, pooled, priorDegrees, gold, false);
        double[] estimate = mean.clone();
        for (int t = 0; t < estimate.length; t++) {
            if (!Double.isNaN(gold[t])) {
                estimate[t] = gold[t];
            }
        }
        double[][] err = NumericKernel.leaveOneOutErrors(a, x, gold, false);
        return new NumericResult(name(), a, estimate, se, err[0], err[1], within,
                "root mean squared difference from the mean of the other workers' answers (or gold); lower is better",
                0, true);
    }
}
