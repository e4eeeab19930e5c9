package io.tessera.quality.agreement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tessera.quality.aggregation.Answers;
import io.tessera.quality.aggregation.SharedDatasets;
import io.tessera.quality.agreement.KrippendorffAlpha.Metric;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every Krippendorff value of shared/datasets/agreement_reference.md, section 1. */
class KrippendorffAlphaTest {

    private static final double M = Double.NaN;

    /** Krippendorff (2011): 4 coders x 12 units, values 1..5, '.' = missing. */
    private static final double[][] K2011 = {
            {1, 2, 3, 3, 2, 1, 4, 1, 2, M, M, M},
            {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, M, 3},
            {M, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, M},
            {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, M},
    };

    @Test
    void krippendorff2011Nominal() {
        KrippendorffAlpha.Result<Double> r = KrippendorffAlpha.of(K2011, Metric.NOMINAL);
        assertEquals(0.743421, r.value(), 1e-6);
        assertEquals(40, r.pairable(), 1e-12);
        assertEquals(1, r.droppedUnits());
        assertEquals(0.2, r.observedDisagreement(), 1e-12);
        assertEquals(0.779487, r.expectedDisagreement(), 1e-6);
        double[][] expected = {
                {7, 4.0 / 3, 1.0 / 3, 1.0 / 3, 0},
                {4.0 / 3, 10, 4.0 / 3, 1.0 / 3, 0},
                {1.0 / 3, 4.0 / 3, 8, 1.0 / 3, 0},
                {1.0 / 3, 1.0 / 3, 1.0 / 3, 4, 0},
                {0, 0, 0, 0, 3}};
        for (int c = 0; c < 5; c++) {
            for (int k = 0; k < 5; k++) {
                assertEquals(expected[c][k], r.coincidences()[c][k], 1e-9, "o[" + (c + 1) + "][" + (k + 1) + "]");
            }
        }
        double[] nc = {9, 13, 10, 5, 3};
        for (int c = 0; c < 5; c++) {
            assertEquals(nc[c], r.valueTotals()[c], 1e-9);
        }
    }

    @Test
    void krippendorff2011Ordinal() {
        assertEquals(0.815388, KrippendorffAlpha.of(K2011, Metric.ORDINAL).value(), 1e-6);
    }

    @Test
    void krippendorff2011Interval() {
        assertEquals(0.849107, KrippendorffAlpha.of(K2011, Metric.INTERVAL).value(), 1e-6);
    }

    @Test
    void krippendorff2011Ratio() {
        assertEquals(0.797403, KrippendorffAlpha.of(K2011, Metric.RATIO).value(), 1e-6);
    }

    @Test
    void binaryTwoCoders() {
        double[][] data = {{0, 1, 0, 0, 0, 0, 0, 0, 1, 0}, {1, 1, 1, 0, 0, 1, 0, 0, 0, 0}};
        assertEquals(2.0 / 21, KrippendorffAlpha.of(data, Metric.NOMINAL).value(), 1e-12);
        assertEquals(0.0952381, KrippendorffAlpha.of(data, Metric.NOMINAL).value(), 1e-7);
    }

    @Test
    void crowdKitConsistentAnswers() {
        Answers a = Answers.builder().add("X", "A", "Yes").add("X", "B", "Yes").add("Y", "A", "No")
                .add("Y", "B", "No").build();
        assertEquals(1.0, KrippendorffAlpha.ofAnswers(a, Metric.NOMINAL).value(), 1e-15);
    }

    @Test
    void crowdKitPartiallyInconsistentAnswers() {
        Answers a = Answers.builder().add("X", "A", "Yes").add("X", "B", "Yes").add("Y", "A", "No")
                .add("Y", "B", "No").add("Z", "A", "Yes").add("Z", "B", "No").build();
        assertEquals(0.4444444444444444, KrippendorffAlpha.ofAnswers(a, Metric.NOMINAL).value(), 1e-15);
    }

    @Test
    void crowdKitToyFixture() {
        Answers toy = SharedDatasets.fixtureAnswers("toy");
        assertEquals(0.14219114219114215, KrippendorffAlpha.ofAnswers(toy, Metric.NOMINAL).value(), 1e-15);
    }

    private static final List<List<Set<String>>> SET_UNITS = List.of(
            List.of(Set.of("dog"), Set.of("dog")),
            List.of(Set.of("cat"), Set.of("cat")),
            List.of(Set.of("cat"), Set.of("cat", "mouse")));

    @Test
    void setLabelsComparedAsWholeSets() {
        assertEquals(0.5454545454545454, KrippendorffAlpha.ofUnits(SET_UNITS, KrippendorffAlpha.nominal()).value(),
                1e-15);
    }

    @Test
    void setLabelsWithMasiDistance() {
        assertEquals(0.6673336668334168,
                KrippendorffAlpha.<Set<String>>ofUnits(SET_UNITS, SetDistances::masi).value(), 1e-15);
    }

    @Test
    void perfectAgreementIsOneAndNoVariationIsUndefined() {
        double[][] perfect = {{1, 2, 3, M}, {1, 2, 3, 4}};
        for (Metric m : Metric.values()) {
            assertEquals(1.0, KrippendorffAlpha.of(perfect, m).value(), 1e-15, m.name());
        }
        double[][] constant = {{2, 2, 2}, {2, 2, 2}};
        assertFalse(KrippendorffAlpha.of(constant, Metric.NOMINAL).alpha().isDefined());
    }
}
