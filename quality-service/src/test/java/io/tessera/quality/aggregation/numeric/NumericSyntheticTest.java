package io.tessera.quality.aggregation.numeric;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.SyntheticReport;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Synthetic rating crowds with a known truth and known worker noise (seeded): every merge must beat a random worker's
 * answer clearly, and the reliability-weighted mean must beat the plain mean when workers differ in noise.
 */
class NumericSyntheticTest {

    static final long SEED = 20240501L;
    static final int ITEMS = 400;
    static final int WORKERS = 40;
    static final int OVERLAP = 5;

    /** A crowd and its truth. */
    record Crowd(ItemAnswers<Double> answers, double[] truth, double baselineMae) {
    }

    /**
     * Truth uniform on [1, 9] of a 0–10 interval scale. Workers: 40% sd 0.3, 30% sd 1, 20% sd 2.5, 10% spammers
     * (uniform 0–10); with {@code biased}, every worker also has an offset uniform in ±1.5. Answers are clipped to
     * the scale. Baseline: one random answer per item.
     */
    static Crowd crowd(long seed, boolean biased) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] sd = new double[WORKERS];
        double[] offset = new double[WORKERS];
        boolean[] spammer = new boolean[WORKERS];
        for (int w = 0; w < WORKERS; w++) {
            double u = (double) w / WORKERS;
            sd[w] = u < 0.4 ? 0.3 : u < 0.7 ? 1.0 : 2.5;
            spammer[w] = u >= 0.9;
            offset[w] = biased ? rnd.nextDouble(-1.5, 1.5) : 0;
        }
        ItemAnswers.Builder<Double> b = ItemAnswers.builder();
        double[] truth = new double[ITEMS];
        double baseline = 0;
        for (int t = 0; t < ITEMS; t++) {
            truth[t] = rnd.nextDouble(1, 9);
            int[] ws = SyntheticReport.distinct(rnd, WORKERS, OVERLAP);
            int pick = rnd.nextInt(OVERLAP);
            for (int j = 0; j < OVERLAP; j++) {
                int w = ws[j];
                double x = spammer[w] ? rnd.nextDouble(0, 10) : truth[t] + offset[w] + sd[w] * rnd.nextGaussian();
                x = Math.min(10, Math.max(0, x));
                b.add("i" + t, "w" + w, x);
                if (j == pick) {
                    baseline += Math.abs(x - truth[t]);
                }
            }
        }
        return new Crowd(b.build(), truth, baseline / ITEMS);
    }

    static double mae(NumericResult r, double[] truth) {
        double s = 0;
        for (int t = 0; t < truth.length; t++) {
            s += Math.abs(r.estimate(r.answers().itemId("i" + t)) - truth[t]);
        }
        return s / truth.length;
    }

    /** Share of items whose 95% interval holds the truth. */
    static double coverage(NumericResult r, double[] truth) {
        int in = 0;
        for (int t = 0; t < truth.length; t++) {
            double[] ci = r.interval(r.answers().itemId("i" + t), 0.95);
            in += ci[0] <= truth[t] && truth[t] <= ci[1] ? 1 : 0;
        }
        return (double) in / truth.length;
    }

    @Test
    void everyMergeBeatsARandomWorker() {
        Crowd c = crowd(SEED, false);
        double mean = mae(new NumericMean().fit(c.answers()), c.truth());
        double median = mae(new NumericMedian().fit(c.answers()), c.truth());
        NumericResult weightedResult = new ReliabilityWeightedMean().fit(c.answers());
        double weighted = mae(weightedResult, c.truth());
        double cover = coverage(weightedResult, c.truth());
        SyntheticReport.print("numeric", SEED, "MAE random worker %.3f, mean %.3f, median %.3f, weighted %.3f"
                + " (%d iterations), weighted 95%% interval coverage %.3f",
                c.baselineMae(), mean, median, weighted, weightedResult.iterations(), cover);
        assertTrue(mean < 0.75 * c.baselineMae(), "mean " + mean + " vs " + c.baselineMae());
        assertTrue(median < 0.6 * c.baselineMae(), "median " + median + " vs " + c.baselineMae());
        assertTrue(weighted < 0.35 * c.baselineMae(), "weighted " + weighted + " vs " + c.baselineMae());
        assertTrue(weighted < 0.6 * mean, "weighted " + weighted + " vs mean " + mean);
        assertTrue(weightedResult.converged());
        assertTrue(cover > 0.85 && cover < 0.99, "coverage " + cover);
        // the skill separates the noise classes: every sd-0.3 worker below every spammer
        double maxGood = 0;
        double minSpam = Double.MAX_VALUE;
        for (int w = 0; w < WORKERS; w++) {
            double s = weightedResult.skill("w" + w).orElseThrow();
            if (w < 0.4 * WORKERS) {
                maxGood = Math.max(maxGood, s);
            } else if (w >= 0.9 * WORKERS) {
                minSpam = Math.min(minSpam, s);
            }
        }
        assertTrue(maxGood < minSpam, maxGood + " vs " + minSpam);
    }

    @Test
    void biasModelHelpsWithLenientAndHarshRaters() {
        Crowd c = crowd(SEED + 1, true);
        double mean = mae(new NumericMean().fit(c.answers()), c.truth());
        double weighted = mae(new ReliabilityWeightedMean().fit(c.answers()), c.truth());
        double withBias = mae(new ReliabilityWeightedMean().withBias().fit(c.answers()), c.truth());
        SyntheticReport.print("numeric-biased", SEED + 1, "MAE random worker %.3f, mean %.3f, weighted %.3f,"
                + " weighted with bias %.3f", c.baselineMae(), mean, weighted, withBias);
        assertTrue(withBias < 0.5 * c.baselineMae(), withBias + " vs " + c.baselineMae());
        assertTrue(withBias < 0.9 * weighted, withBias + " vs " + weighted);
    }
}
