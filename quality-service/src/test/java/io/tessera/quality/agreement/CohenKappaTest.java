package io.tessera.quality.agreement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tessera.quality.agreement.CohenKappa.Weights;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every Cohen value of shared/datasets/agreement_reference.md, section 3, and the edge cases of section 4. */
class CohenKappaTest {

    private static int[] repeat(int... valueCountPairs) {
        int n = 0;
        for (int i = 1; i < valueCountPairs.length; i += 2) {
            n += valueCountPairs[i];
        }
        int[] out = new int[n];
        int pos = 0;
        for (int i = 0; i < valueCountPairs.length; i += 2) {
            Arrays.fill(out, pos, pos + valueCountPairs[i + 1], valueCountPairs[i]);
            pos += valueCountPairs[i + 1];
        }
        return out;
    }

    @Test
    void sklearnBinary() {
        int[] y1 = repeat(0, 40, 1, 60);
        int[] y2 = repeat(0, 20, 1, 20, 0, 10, 1, 50);
        assertEquals(8.0 / 23, CohenKappa.of(y1, y2, Weights.NONE).value(), 1e-12);
        assertEquals(0.3478261, CohenKappa.of(y1, y2, Weights.NONE).value(), 1e-7);
        // symmetric and kappa(y, y) = 1
        assertEquals(CohenKappa.of(y1, y2, Weights.NONE).value(), CohenKappa.of(y2, y1, Weights.NONE).value(), 1e-15);
        assertEquals(1.0, CohenKappa.of(y1, y1, Weights.NONE).value(), 1e-15);
    }

    @Test
    void sklearnThreeClasses() {
        int[] y1 = repeat(0, 46, 1, 44, 2, 10);
        assertEquals(0.8013245, CohenKappa.of(y1, repeat(0, 52, 1, 32, 2, 16), Weights.NONE).value(), 1e-7);
        int[] y2 = repeat(0, 50, 1, 40, 2, 10);
        assertEquals(0.9315, CohenKappa.of(y1, y2, Weights.NONE).value(), 5e-5);
        assertEquals(0.9412, CohenKappa.of(y1, y2, Weights.LINEAR).value(), 5e-5);
        assertEquals(0.9541, CohenKappa.of(y1, y2, Weights.QUADRATIC).value(), 5e-5);
    }

    @Test
    void sasTableWithStandardErrors() {
        double[][] table = {{0, 4, 1}, {0, 8, 0}, {0, 1, 5}};
        CohenKappa.Result plain = CohenKappa.ofTable(table, Weights.NONE);
        assertEquals(0.4841629, plain.value(), 1e-7);
        assertEquals(0.1380, plain.standardError(), 5e-5);
        CohenKappa.Result linear = CohenKappa.ofTable(table, Weights.LINEAR);
        assertEquals(0.4701195, linear.value(), 1e-7);
        assertEquals(0.1457, linear.standardError(), 5e-5);
    }

    @Test
    void textbookTwoByTwo() {
        CohenKappa.Result r = CohenKappa.ofTable(new double[][] {{20, 5}, {10, 15}}, Weights.NONE);
        assertEquals(0.70, r.observedAgreement(), 1e-12);
        assertEquals(0.50, r.expectedAgreement(), 1e-12);
        assertEquals(0.4, r.value(), 1e-12);
    }

    @Test
    void bothRatersConstantIsUndefinedNotNaNInJson() {
        CohenKappa.Result r = CohenKappa.of(new int[] {1, 1, 1}, new int[] {1, 1, 1}, Weights.NONE);
        assertFalse(r.kappa().isDefined());
        assertNull(r.kappa().orNull());
    }
}
