package io.tessera.quality.aggregation.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.quality.aggregation.Answers;
import io.tessera.quality.aggregation.ItemAnswers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-made fixtures with exact values for the mean, median and reliability-weighted mean. */
class NumericAggregatorsTest {

    /** A: 1, 2, 3 (w1, w2, w3); B: 4, 4 (w1, w2); C: 7 (w3). */
    private static ItemAnswers<Double> small() {
        return ItemAnswers.<Double>builder()
                .add("A", "w1", 1.0).add("A", "w2", 2.0).add("A", "w3", 3.0)
                .add("B", "w1", 4.0).add("B", "w2", 4.0)
                .add("C", "w3", 7.0)
                .build();
    }

    @Test
    void meanWithShrunkStandardErrors() {
        NumericResult r = new NumericMean().fit(small());
        assertEquals(2.0, r.answer("A").orElseThrow(), 1e-15);
        assertEquals(4.0, r.answer("B").orElseThrow(), 1e-15);
        assertEquals(7.0, r.answer("C").orElseThrow(), 1e-15);
        double pooled = (1 + 0 + 1 + 0 + 0) / 3.0; // SS_A = 2, SS_B = 0 over df 2 + 1
        assertEquals(Math.sqrt((2 * pooled + 2) / (2 + 2) / 3), r.standardError(0), 1e-12);
        assertEquals(Math.sqrt((2 * pooled + 0) / (2 + 1) / 2), r.standardError(1), 1e-12);
        assertEquals(Math.sqrt(pooled), r.standardError(2), 1e-12); // one answer: the pooled variance
        // w1: A 1 vs mean(2, 3) = 2.5, B 4 vs 4 -> rms sqrt(2.25 / 2); C is w3's alone and does not count
        assertEquals(Math.sqrt(2.25 / 2), r.skill("w1").orElseThrow(), 1e-12);
        assertEquals(-0.75, r.bias(0), 1e-12);
        assertEquals(1.5, r.skill("w3").orElseThrow(), 1e-12);
        assertEquals(3, r.count(0));
        assertTrue(r.confidence(1) > r.confidence(0), "B agrees, A does not");
    }

    @Test
    void confidenceIsTheNormalProbabilityWithinHalfAStep() {
        NumericResult r = new NumericMean(0.5, 2).fit(small());
        double se = r.standardError(0);
        // P(|Z| <= 0.5 / se) with erf from its series for a check independent of erfc
        double z = 0.5 / se / Math.sqrt(2);
        double erf = 0;
        double term = z;
        for (int n = 0; n < 60; n++) {
            erf += term / (2 * n + 1);
            term *= -z * z / (n + 1);
        }
        erf *= 2 / Math.sqrt(Math.PI);
        assertEquals(erf, r.confidence(0), 1e-13);
        double[] ci = r.interval(0, 0.95);
        assertEquals(2 - 1.959963984540054 * se, ci[0], 1e-8);
        assertEquals(2 + 1.959963984540054 * se, ci[1], 1e-8);
    }

    @Test
    void medianIsRobustToOneWildAnswer() {
        ItemAnswers<Double> a = ItemAnswers.<Double>builder()
                .add("A", "w1", 1.0).add("A", "w2", 2.0).add("A", "w3", 100.0)
                .add("B", "w1", 3.0).add("B", "w2", 5.0)
                .build();
        NumericResult r = new NumericMedian().fit(a);
        assertEquals(2.0, r.estimate(0), 0);
        assertEquals(4.0, r.estimate(1), 0); // even count: mean of the middle two
        // w3 against the median of (1, 2) = 1.5
        assertEquals(98.5, r.skill("w3").orElseThrow(), 1e-12);
        NumericResult mean = new NumericMean().fit(a);
        assertEquals(Math.sqrt(Math.PI / 2) * mean.standardError(0), r.standardError(0), 1e-12);
        assertEquals(mean.standardError(1), r.standardError(1), 1e-12); // two answers: median = mean
    }

    @Test
    void goldItemsKeepTheirValueAndAreTheReference() {
        Map<String, Double> gold = Map.of("A", 1.0);
        for (NumericAggregator agg : new NumericAggregator[] {new NumericMean(), new NumericMedian(),
            new ReliabilityWeightedMean()}) {
            NumericResult r = agg.fit(small(), gold);
            assertEquals(1.0, r.estimate(0), 0, agg.name());
            assertEquals(0.0, r.standardError(0), 0, agg.name());
            assertEquals(1.0, r.confidence(0), 0, agg.name());
        }
        NumericResult r = new NumericMean().fit(small(), gold);
        assertEquals(Math.sqrt((0 + 0) / 2.0), r.skill("w1").orElseThrow(), 1e-12); // A: 1 vs gold 1, B: 4 vs 4
        assertEquals(2.0, r.skill("w3").orElseThrow(), 1e-12);  // A: 3 vs gold 1
    }

    /**
     * A fixed point worked out by hand (priorDegrees 0): gold items G1 (0: w1 1, w2 2) and G2 (0: w1 −1, w2 −2) give
     * σ²_1 = 1 and σ²_2 = 4; on N2 (w1 0, w2 √5) the leave-one-out residuals are e² − var(other) = 5 − 4 = 1 for w1
     * and 5 − 1 = 4 for w2, so the variances stay; N2 = (0/1 + √5/4) / (1 + 1/4) = 1/√5 with sd sqrt(1/1.25); N1
     * (w1 alone: 3) = 3 with sd 1.
     */
    @Test
    void weightedMeanHandWorkedFixedPoint() {
        double s5 = Math.sqrt(5);
        ItemAnswers<Double> a = ItemAnswers.<Double>builder()
                .add("G1", "w1", 1.0).add("G1", "w2", 2.0)
                .add("G2", "w1", -1.0).add("G2", "w2", -2.0)
                .add("N1", "w1", 3.0)
                .add("N2", "w1", 0.0).add("N2", "w2", s5)
                .build();
        NumericResult r = new ReliabilityWeightedMean(0.5, 0, false, 2, 200, 1e-12)
                .fit(a, Map.of("G1", 0.0, "G2", 0.0));
        assertTrue(r.converged());
        assertEquals(1.0, r.errorSd(0), 1e-9);
        assertEquals(2.0, r.errorSd(1), 1e-9);
        assertEquals(3.0, r.answer("N1").orElseThrow(), 1e-12);
        assertEquals(1.0, r.standardError(a.itemId("N1")), 1e-9);
        assertEquals(1 / s5, r.answer("N2").orElseThrow(), 1e-9);
        assertEquals(Math.sqrt(1 / 1.25), r.standardError(a.itemId("N2")), 1e-9);
    }

    @Test
    void weightedMeanDownWeightsTheNoisyWorker() {
        // 20 items: w1 and w2 within 0.1 of i, w3 off by 3 to 6 either way; on D w1 says 2 and w3 says 8
        ItemAnswers.Builder<Double> b = ItemAnswers.builder();
        for (int i = 0; i < 20; i++) {
            double off = (3 + i % 4) * (i % 2 == 0 ? 1 : -1);
            b.add("I" + i, "w1", i + 0.1).add("I" + i, "w2", i - 0.1 * (i % 2)).add("I" + i, "w3", i + off);
        }
        b.add("D", "w1", 2.0).add("D", "w3", 8.0);
        ItemAnswers<Double> a = b.build();
        NumericResult r = new ReliabilityWeightedMean().fit(a);
        assertTrue(r.errorSd(2) > 3 * r.errorSd(0), r.errorSd(2) + " vs " + r.errorSd(0));
        assertTrue(r.errorSd(2) > 3 * r.errorSd(1), r.errorSd(2) + " vs " + r.errorSd(1));
        assertEquals(2.0, r.answer("D").orElseThrow(), 0.5);
        assertEquals(5.0, new NumericMean().fit(a).answer("D").orElseThrow(), 1e-12);
    }

    @Test
    void biasIsFittedAndRemoved() {
        // w3 always answers 2 higher than w1 and w2
        ItemAnswers.Builder<Double> b = ItemAnswers.builder();
        for (int i = 0; i < 10; i++) {
            b.add("I" + i, "w1", i + 0.1 * (i % 3)).add("I" + i, "w2", i - 0.1 * (i % 2)).add("I" + i, "w3", i + 2.0);
        }
        b.add("solo", "w3", 7.0);
        NumericResult r = new ReliabilityWeightedMean().withBias().fit(b.build());
        assertEquals("weighted-bias", r.algorithm());
        assertTrue(r.bias(2) > 1.0 && r.bias(0) < 0, "w3 lenient: " + r.bias(2));
        assertEquals(7.0 - r.bias(2), r.answer("solo").orElseThrow(), 1e-9);
        assertTrue(r.answer("solo").orElseThrow() < 6.0);
    }

    @Test
    void oneAnswerPerItemGivesNoPrecision() {
        ItemAnswers<Double> a = ItemAnswers.<Double>builder().add("A", "w1", 1.0).add("B", "w2", 2.0).build();
        for (NumericAggregator agg : new NumericAggregator[] {new NumericMean(), new NumericMedian(),
            new ReliabilityWeightedMean()}) {
            NumericResult r = agg.fit(a);
            assertEquals(1.0, r.estimate(0), 0);
            assertEquals(Double.POSITIVE_INFINITY, r.standardError(0), agg.name());
            assertEquals(0.0, r.confidence(0), agg.name());
            assertTrue(Double.isNaN(r.skill(0)), agg.name());
        }
    }

    @Test
    void duplicatesKeepTheLastAnswerByDefault() {
        ItemAnswers<Double> a = ItemAnswers.<Double>builder()
                .add("A", "w1", 1.0).add("A", "w2", 2.0).add("A", "w1", 3.0).build();
        assertEquals(2, a.size());
        assertEquals(1, a.duplicatesDropped());
        assertEquals(2.5, new NumericMean().fit(a).estimate(0), 0);
        ItemAnswers<Double> first = ItemAnswers.<Double>builder().duplicates(Answers.Duplicates.KEEP_FIRST)
                .add("A", "w1", 1.0).add("A", "w2", 2.0).add("A", "w1", 3.0).build();
        assertEquals(1.5, new NumericMean().fit(first).estimate(0), 0);
        assertThrows(IllegalArgumentException.class,
                () -> new NumericMean().fit(ItemAnswers.<Double>builder().add("A", "w", Double.NaN).build()));
        assertFalse(new NumericMean().fit(a).answer("missing").isPresent());
    }
}
