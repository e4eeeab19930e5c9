package io.tessera.quality.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class AssignmentTest {

    private static final double N = Double.NaN;

    @Test
    void greedyTakesTheBestPairFirstOptimalTheMostPairs() {
        double[][] s = {{0.9, 0.55}, {0.6, N}};
        assertArrayEquals(new int[] {0, -1}, Assignment.match(s, 0.5, Assignment.Method.GREEDY));
        assertArrayEquals(new int[] {1, 0}, Assignment.match(s, 0.5, Assignment.Method.OPTIMAL));
    }

    @Test
    void optimalPrefersTheLargerTotalAmongEquallyManyMatches() {
        double[][] s = {{0.9, 0.8}, {0.85, 0.6}};
        // 0.9 + 0.6 = 1.5 < 0.8 + 0.85 = 1.65
        assertArrayEquals(new int[] {1, 0}, Assignment.match(s, 0.5, Assignment.Method.OPTIMAL));
        assertArrayEquals(new int[] {0, 1}, Assignment.match(s, 0.5, Assignment.Method.GREEDY));
    }

    @Test
    void rectangularAndBelowThreshold() {
        double[][] wide = {{0.2, 0.7, 0.6}};
        assertArrayEquals(new int[] {1}, Assignment.match(wide, 0.5, Assignment.Method.OPTIMAL));
        double[][] tall = {{0.7}, {0.9}, {0.4}};
        assertArrayEquals(new int[] {-1, 0, -1}, Assignment.match(tall, 0.5, Assignment.Method.OPTIMAL));
        assertArrayEquals(new int[] {-1, 0, -1}, Assignment.match(tall, 0.5, Assignment.Method.GREEDY));
        assertArrayEquals(new int[] {-1}, Assignment.match(new double[][] {{0.49}}, 0.5, Assignment.Method.OPTIMAL));
        assertArrayEquals(new int[] {-1, -1}, Assignment.match(new double[2][0], 0.5, Assignment.Method.OPTIMAL));
        assertArrayEquals(new int[0], Assignment.match(new double[0][0], 0.5, Assignment.Method.GREEDY));
    }

    @Test
    void greedyTiesGoToTheLowerRowThenColumn() {
        double[][] s = {{0.7, 0.7}, {0.7, 0.7}};
        assertArrayEquals(new int[] {0, 1}, Assignment.match(s, 0.5, Assignment.Method.GREEDY));
    }
}
