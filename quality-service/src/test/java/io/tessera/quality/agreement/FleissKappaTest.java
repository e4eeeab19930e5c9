package io.tessera.quality.agreement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every Fleiss value of shared/datasets/agreement_reference.md, section 2. */
class FleissKappaTest {

    @Test
    void tenSubjectsFourteenRaters() {
        int[][] counts = {
                {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
                {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}};
        FleissKappa.Result r = FleissKappa.ofCounts(counts);
        assertEquals(0.2099307, r.value(), 1e-7);
        assertEquals(0.378022, r.pBar(), 1e-6);
        assertEquals(0.212755, r.pBarE(), 1e-6);
        double[] p = {0.142857, 0.2, 0.278571, 0.15, 0.228571};
        for (int j = 0; j < 5; j++) {
            assertEquals(p[j], r.categoryShares()[j], 1e-6);
        }
        assertTrue(r.balanced());
    }

    /** Fleiss (1971) diagnoses: 30 patients x 6 raters, categories 1..5. */
    private static final int[][] DIAGNOSES = {
            {4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5}, {2, 2, 2, 4, 4, 4},
            {1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4}, {1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5},
            {1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4}, {2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5},
            {3, 3, 3, 3, 3, 5}, {1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
            {5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4}, {1, 4, 4, 4, 4, 5},
            {2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5}};

    @Test
    void fleiss1971Diagnoses() {
        int[][] counts = new int[DIAGNOSES.length][5];
        for (int i = 0; i < DIAGNOSES.length; i++) {
            for (int v : DIAGNOSES[i]) {
                counts[i][v - 1]++;
            }
        }
        FleissKappa.Result r = FleissKappa.ofCounts(counts);
        assertEquals(0.4302445, r.value(), 1e-7);
        int[] totals = {26, 26, 30, 55, 43};
        for (int j = 0; j < 5; j++) {
            assertEquals(totals[j] / 180.0, r.categoryShares()[j], 1e-12);
        }
        double[] perCategory = {0.245, 0.245, 0.520, 0.471, 0.566};
        for (int j = 0; j < 5; j++) {
            assertEquals(perCategory[j], r.categoryKappas()[j], 0.0005, "category " + (j + 1));
        }
    }

    @Test
    void unequalRaterCountsUseTheGeneralisedFormula() {
        // subject 1: 3 raters all agree; subject 2: 2 raters disagree; subject 3: 1 rater (dropped)
        FleissKappa.Result r = FleissKappa.ofCounts(new int[][] {{3, 0}, {1, 1}, {0, 1}});
        assertFalse(r.balanced());
        assertEquals(1, r.droppedSubjects());
        double pBar = (1.0 + 0.0) / 2;
        double p0 = 4.0 / 5;
        double pe = p0 * p0 + (1 - p0) * (1 - p0);
        assertEquals((pBar - pe) / (1 - pe), r.value(), 1e-12);
    }
}
