package io.tessera.quality.cli;

import io.tessera.quality.aggregation.AggregationResult;
import io.tessera.quality.aggregation.Answers;
import java.util.Map;

/**
 * Accuracy and F1 against known truth, as accuracy_tables.md asks: over the items that have a truth and at least one
 * answer; an item whose top posterior is shared by k labels counts 1/k when the truth is among them (the expected
 * accuracy under random tie-breaking). F1 is for one positive label, with the same expected counts.
 */
public final class Scoring {

    /**
     * @param items          scored items (truth and answers)
     * @param accuracy       expected accuracy with fractional ties
     * @param strictAccuracy accuracy of the reported labels (ties to the lowest label)
     * @param ties           scored items whose top posterior is tied
     * @param f1             F1 of the positive label, NaN when none was asked or it is absent
     */
    public record Score(int items, double accuracy, double strictAccuracy, int ties, double f1) {
    }

    private Scoring() {
    }

    public static Score score(AggregationResult r, Map<String, String> truth, String positiveLabel) {
        Answers a = r.answers();
        int k = a.labelCount();
        int pos = positiveLabel == null ? -1 : a.labelId(positiveLabel);
        double correct = 0;
        int strict = 0;
        int n = 0;
        int ties = 0;
        double tp = 0;
        double fp = 0;
        double fn = 0;
        for (Map.Entry<String, String> e : truth.entrySet()) {
            int t = a.itemId(e.getKey());
            if (t < 0) {
                continue;
            }
            n++;
            int g = a.labelId(e.getValue());
            double max = r.confidence(t);
            int tied = r.tieCount(t);
            if (tied > 1) {
                ties++;
            }
            if (g >= 0 && r.posterior(t, g) == max) {
                correct += 1.0 / tied;
            }
            if (g >= 0 && r.labelIndex(t) == g) {
                strict++;
            }
            if (pos >= 0) {
                double predictedPositive = r.posterior(t, pos) == max ? 1.0 / tied : 0.0;
                if (g == pos) {
                    tp += predictedPositive;
                    fn += 1 - predictedPositive;
                } else {
                    fp += predictedPositive;
                }
            }
        }
        double f1 = pos < 0 || 2 * tp + fp + fn == 0 ? Double.NaN : 2 * tp / (2 * tp + fp + fn);
        return new Score(n, n == 0 ? Double.NaN : correct / n, n == 0 ? Double.NaN : (double) strict / n, ties, f1);
    }

    /** "1" when the label space is exactly two labels and one of them is "1" (the D_ sets' positive class). */
    public static String binaryPositive(Answers a) {
        return a.labelCount() == 2 && a.labelId("1") >= 0 ? "1" : null;
    }
}
