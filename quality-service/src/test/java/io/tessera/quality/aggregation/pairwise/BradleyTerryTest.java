package io.tessera.quality.aggregation.pairwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.quality.aggregation.ItemAnswers;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hand-worked Bradley-Terry fixtures and the optimality conditions of the fit. */
class BradleyTerryTest {

    private static final BradleyTerry PLAIN = new BradleyTerry(0, false, 10_000, 1e-12, 1_000);

    /** One pair item "p" (X as A, Y as B): 3 workers say A, 1 says B. */
    private static ItemAnswers<PairwiseVote> threeToOne() {
        return ItemAnswers.<PairwiseVote>builder()
                .add("p", "w1", PairwiseVote.of("X", "Y", "A"))
                .add("p", "w2", PairwiseVote.of("X", "Y", "A"))
                .add("p", "w3", PairwiseVote.of("X", "Y", "a"))
                .add("p", "w4", PairwiseVote.of("X", "Y", "B"))
                .build();
    }

    @Test
    void twoOutputsWithoutPriorIsTheLogOddsOfTheWins() {
        BradleyTerryResult r = PLAIN.fit(threeToOne());
        assertEquals(Math.log(3) / 2, r.score("X").orElseThrow(), 1e-9);
        assertEquals(-Math.log(3) / 2, r.score("Y").orElseThrow(), 1e-9);
        // Fisher information of θX − θY is n p (1 − p) = 4 · 3/4 · 1/4; the centred score is half the difference
        assertEquals(Math.sqrt(1.0 / 3), r.standardError(0), 1e-9);
        assertEquals(0.75, r.probabilityBeats("X", "Y"), 1e-9);
        assertEquals(0.75, r.probabilityABetter(0), 1e-9);
        assertEquals(List.of("X", "Y"), r.ranking());
        assertEquals(2, r.rank("Y"));
        assertEquals("A", r.answer("p").orElseThrow());
        assertEquals(0.75, r.confidence(0), 1e-12);
        assertEquals(1.0, r.skill("w1").orElseThrow(), 0);
        assertEquals(0.0, r.skill("w4").orElseThrow(), 0);
        double[] ci = r.interval(0, 0.95);
        assertEquals(Math.log(3) / 2 - 1.959963984540054 * Math.sqrt(1.0 / 3), ci[0], 1e-8);
    }

    @Test
    void aTieIsHalfAWinForEachSide() {
        ItemAnswers<PairwiseVote> a = ItemAnswers.<PairwiseVote>builder()
                .add("p", "w1", PairwiseVote.of("X", "Y", "A"))
                .add("p", "w2", PairwiseVote.of("X", "Y", "tie"))
                .build();
        BradleyTerryResult r = PLAIN.fit(a);
        assertEquals(Math.log(3), r.score(0) - r.score(1), 1e-9); // 1.5 wins against 0.5
        assertEquals("tie", r.answer(0)); // one vote each for A and tie: a tie at the top is "tie"
        assertEquals(0.5, r.confidence(0), 0);
        assertTrue(Double.isNaN(r.skill("w2").orElseThrow())); // no A/B vote
    }

    @Test
    void sidesAreReadPerPairSoFlippedPairsCountForTheSameOutput() {
        // p1 shows X as A, p2 shows X as B: X wins both
        ItemAnswers<PairwiseVote> a = ItemAnswers.<PairwiseVote>builder()
                .add("p1", "w1", PairwiseVote.of("X", "Y", "A"))
                .add("p2", "w1", PairwiseVote.of("Y", "X", "B"))
                .add("p3", "w1", PairwiseVote.of("Y", "X", "A"))
                .add("p3", "w2", PairwiseVote.of("Y", "X", "B"))
                .build();
        BradleyTerryResult r = PLAIN.fit(a);
        assertEquals(Math.log(3), r.score("X").orElseThrow() - r.score("Y").orElseThrow(), 1e-9);
        assertEquals("tie", r.answer("p3").orElseThrow()); // one A, one B
        assertEquals(0.25, r.probabilityABetter(2), 1e-9);
    }

    /**
     * With a prior, the fit is the posterior mode: for every output, wins + prior = Σ_j n_ij σ(θ_i − θ_j) +
     * 2·prior·σ(θ_i). Checked on a random tournament with an undefeated output (finite thanks to the prior).
     */
    @Test
    void priorFitSatisfiesTheStationarityConditions() {
        SplittableRandom rnd = new SplittableRandom(7);
        ItemAnswers.Builder<PairwiseVote> b = ItemAnswers.builder();
        double[] wins = new double[6];
        double[][] games = new double[6][6];
        for (int p = 0; p < 40; p++) {
            int i = rnd.nextInt(6);
            int j = (i + 1 + rnd.nextInt(5)) % 6;
            for (int w = 0; w < 3; w++) {
                // output 0 always wins
                String label = i == 0 ? "A" : j == 0 ? "B" : rnd.nextInt(3) == 0 ? "tie" : rnd.nextBoolean() ? "A" : "B";
                b.add("p" + p, "w" + w, PairwiseVote.of("o" + i, "o" + j, label));
                double s = label.equals("A") ? 1 : label.equals("B") ? 0 : 0.5;
                wins[i] += s;
                wins[j] += 1 - s;
                games[i][j]++;
                games[j][i]++;
            }
        }
        BradleyTerryResult r = new BradleyTerry().unweighted().fit(b.build());
        assertTrue(r.converged());
        // raw θ = centred score + c, with c fixed by the virtual opponent at 0: find c from output 0's equation,
        // then every equation must hold
        double[] theta = new double[6];
        for (int k = 0; k < 6; k++) {
            theta[k] = r.score("o" + k).orElseThrow();
        }
        double c = solveShift(theta, wins, games);
        for (int i = 0; i < 6; i++) {
            double expected = 2 * BradleyTerry.sigmoid(theta[i] + c);
            for (int j = 0; j < 6; j++) {
                expected += games[i][j] * BradleyTerry.sigmoid(theta[i] - theta[j]);
            }
            assertEquals(wins[i] + 1, expected, 1e-7, "output " + i);
        }
        assertEquals("o0", r.ranking().get(0));
        assertTrue(Double.isFinite(r.score("o0").orElseThrow()));
    }

    /** The shift c with Σ_i (wins_i + 1 − Σ_j n_ij σ(θ_i − θ_j) − 2σ(θ_i + c)) = 0, by bisection. */
    private static double solveShift(double[] theta, double[] wins, double[][] games) {
        double lo = -20;
        double hi = 20;
        for (int it = 0; it < 200; it++) {
            double mid = (lo + hi) / 2;
            double g = 0;
            for (int i = 0; i < theta.length; i++) {
                g += wins[i] + 1 - 2 * BradleyTerry.sigmoid(theta[i] + mid);
                for (int j = 0; j < theta.length; j++) {
                    g -= games[i][j] * BradleyTerry.sigmoid(theta[i] - theta[j]);
                }
            }
            if (g > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    @Test
    void aWorkerWhoAlwaysSaysAIsWeightedDown() {
        // true order X > Y > Z; w1..w3 answer by it, "lazy" says A on everything, shown in both orders
        String[] outs = {"X", "Y", "Z"};
        ItemAnswers.Builder<PairwiseVote> b = ItemAnswers.builder();
        int p = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i == j) {
                    continue;
                }
                for (int rep = 0; rep < 3; rep++) {
                    String item = "p" + p++;
                    for (int w = 1; w <= 3; w++) {
                        b.add(item, "w" + w, PairwiseVote.of(outs[i], outs[j], i < j ? "A" : "B"));
                    }
                    b.add(item, "lazy", PairwiseVote.of(outs[i], outs[j], "A"));
                }
            }
        }
        BradleyTerryResult r = new BradleyTerry().fit(b.build());
        assertEquals(List.of("X", "Y", "Z"), r.ranking());
        assertEquals(0.5, r.skill("lazy").orElseThrow(), 1e-12);
        assertEquals(1.0, r.skill("w1").orElseThrow(), 0);
        assertTrue(r.weight(r.workerId("lazy")) < 0.1, "lazy weight " + r.weight(r.workerId("lazy")));
        assertEquals(0.9, r.weight(r.workerId("w1")), 1e-12); // (18 + 1) / (18 + 2) = 0.95
        assertEquals("bt-weighted", r.algorithm());
    }

    @Test
    void invalidVotesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PairwiseVote.of("X", "X", "A"));
        assertThrows(IllegalArgumentException.class, () -> PairwiseVote.of("X", "Y", "C"));
        assertThrows(IllegalArgumentException.class, () -> new BradleyTerry(-1, true, 10, 1e-9, 10));
    }
}
