package io.tessera.quality.aggregation.numeric;

import io.tessera.quality.aggregation.ItemAnswers;
import java.util.Map;

/**
 * The median of an item's answers (the mean of the two middle ones for an even count): robust to one wild answer,
 * and on an ordinal scale with an odd count it is always a point of the scale. Standard error: the mean's (see
 * {@link NumericMean}) times sqrt(π/2), the median's asymptotic inefficiency under normal noise, for more than two
 * answers. Worker skill: root mean squared difference from the median of the other answers on the same items.
 *
 * @param within       half-width for {@link NumericResult#confidence(int)}
 * @param priorDegrees pseudo-degrees of freedom of the pooled variance in each item's variance
 */
public record NumericMedian(double within, double priorDegrees) implements NumericAggregator {

    public NumericMedian() {
        this(0.5, 2);
    }

    public NumericMedian {
        NumericKernel.checkWithin(within);
        NumericKernel.checkPriorDegrees(priorDegrees);
    }

    @Override
    public String name() {
        return "median";
    }

    @Override
    public NumericResult fit(ItemAnswers<Double> a, Map<String, Double> goldMap) {
        double[] x = NumericKernel.values(a);
        double[] gold = NumericKernel.gold(a, goldMap);
        int[] start = a.itemOffsets();
        double[] mean = NumericKernel.means(start, x);
        double[] median = NumericKernel.medians(start, x);
        double pooled = NumericKernel.pooledVariance(start, x, mean);
        double[] se = NumericKernel.shrunkStandardErrors(start, x, mean, pooled, priorDegrees, gold, true);
        for (int t = 0; t < median.length; t++) {
            if (!Double.isNaN(gold[t])) {
                median[t] = gold[t];
            }
        }
        double[][] err = NumericKernel.leaveOneOutErrors(a, x, gold, true);
        return new NumericResult(name(), a, median, se, err[0], err[1], within,
                "root mean squared difference from the median of the other workers' answers (or gold); lower is better",
                0, true);
    }
}
