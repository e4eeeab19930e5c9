package io.tessera.quality.aggregation.pairwise;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.SyntheticReport;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A synthetic pairwise crowd: 20 outputs with true strengths θ ~ N(0, 1), 300 pair items between random outputs
 * shown in random order, 5 votes each from 30 workers: 50% faithful (pick i with probability σ(θ_i − θ_j), "tie"
 * half the time when |θ_i − θ_j| < 0.15), 30% careless (a coin flip half the time, else faithful), 20% who always
 * answer "A". The naive choice is one random worker's vote per pair.
 */
class BradleyTerrySyntheticTest {

    static final long SEED = 20240521L;
    static final int OUTPUTS = 20;
    static final int PAIRS = 300;
    static final int WORKERS = 30;
    static final int VOTES = 5;

    record Crowd(ItemAnswers<PairwiseVote> answers, double[] theta, int[] a, int[] b, String[] randomVote) {
    }

    static Crowd crowd(long seed, boolean mixed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] theta = new double[OUTPUTS];
        for (int i = 0; i < OUTPUTS; i++) {
            theta[i] = rnd.nextGaussian();
        }
        ItemAnswers.Builder<PairwiseVote> b = ItemAnswers.builder();
        int[] as = new int[PAIRS];
        int[] bs = new int[PAIRS];
        String[] random = new String[PAIRS];
        for (int p = 0; p < PAIRS; p++) {
            int[] two = SyntheticReport.distinct(rnd, OUTPUTS, 2);
            as[p] = two[0];
            bs[p] = two[1];
            int[] ws = SyntheticReport.distinct(rnd, WORKERS, VOTES);
            int pick = rnd.nextInt(VOTES);
            for (int j = 0; j < VOTES; j++) {
                int w = ws[j];
                double u = (double) w / WORKERS;
                String label;
                if (mixed && u >= 0.8) {
                    label = "A";
                } else if (mixed && u >= 0.5 && rnd.nextBoolean()) {
                    label = rnd.nextBoolean() ? "A" : "B";
                } else if (Math.abs(theta[as[p]] - theta[bs[p]]) < 0.15 && rnd.nextBoolean()) {
                    label = "tie";
                } else {
                    label = rnd.nextDouble() < BradleyTerry.sigmoid(theta[as[p]] - theta[bs[p]]) ? "A" : "B";
                }
                b.add("p" + p, "w" + w, PairwiseVote.of("m" + as[p], "m" + bs[p], label));
                if (j == pick) {
                    random[p] = label;
                }
            }
        }
        return new Crowd(b.build(), theta, as, bs, random);
    }

    /** Centred true scores inside the 95% intervals. */
    static int covered(BradleyTerryResult r, double[] theta) {
        double mean = 0;
        for (double t : theta) {
            mean += t / theta.length;
        }
        int covered = 0;
        for (int i = 0; i < theta.length; i++) {
            double[] ci = r.interval(r.outputs().indexOf("m" + i), 0.95);
            covered += ci[0] <= theta[i] - mean && theta[i] - mean <= ci[1] ? 1 : 0;
        }
        return covered;
    }

    /**
     * With faithful workers only, the crowd's scale is the true one and the Fisher intervals should hold the true
     * centred scores about 95% of the time (a little more: the prior shrinks).
     */
    @Test
    void intervalsCoverTheTruthWhenWorkersFollowTheModel() {
        int total = 0;
        int covered = 0;
        for (long seed = SEED; seed < SEED + 5; seed++) {
            Crowd c = crowd(seed, false);
            covered += covered(new BradleyTerry().unweighted().fit(c.answers()), c.theta());
            total += OUTPUTS;
        }
        SyntheticReport.print("pairwise-faithful", SEED, "seeds %d..%d, faithful workers only: unweighted BT 95%%"
                + " intervals cover %d/%d true centred scores", SEED, SEED + 4, covered, total);
        assertTrue(covered >= 0.88 * total && covered <= total, covered + " of " + total);
    }

    /** Kendall's tau-a between two score vectors. */
    static double kendall(double[] x, double[] y) {
        int n = x.length;
        double s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                s += Math.signum(x[i] - x[j]) * Math.signum(y[i] - y[j]);
            }
        }
        return s / (n * (n - 1) / 2.0);
    }

    /** Share of pairs where the label names the truly better output (a tie label counts 1/2). */
    static double pairAccuracy(Crowd c, java.util.function.IntFunction<String> label) {
        double hit = 0;
        for (int p = 0; p < PAIRS; p++) {
            boolean aBetter = c.theta()[c.a()[p]] > c.theta()[c.b()[p]];
            String l = label.apply(p);
            hit += l.equals("tie") ? 0.5 : l.equals("A") == aBetter ? 1 : 0;
        }
        return hit / PAIRS;
    }

    static double[] scores(BradleyTerryResult r) {
        double[] s = new double[OUTPUTS];
        for (int i = 0; i < OUTPUTS; i++) {
            s[i] = r.score("m" + i).orElse(0);
        }
        return s;
    }

    @Test
    void bradleyTerryBeatsARandomWorker() {
        Crowd c = crowd(SEED, true);
        // naive ranking: win rate under one random vote per pair
        double[] wins = new double[OUTPUTS];
        double[] games = new double[OUTPUTS];
        for (int p = 0; p < PAIRS; p++) {
            double s = c.randomVote()[p].equals("A") ? 1 : c.randomVote()[p].equals("B") ? 0 : 0.5;
            wins[c.a()[p]] += s;
            wins[c.b()[p]] += 1 - s;
            games[c.a()[p]]++;
            games[c.b()[p]]++;
        }
        double[] naive = new double[OUTPUTS];
        for (int i = 0; i < OUTPUTS; i++) {
            naive[i] = games[i] == 0 ? 0.5 : wins[i] / games[i];
        }
        double tauNaive = kendall(naive, c.theta());
        double accNaive = pairAccuracy(c, p -> c.randomVote()[p]);
        BradleyTerryResult plain = new BradleyTerry().unweighted().fit(c.answers());
        BradleyTerryResult weighted = new BradleyTerry().fit(c.answers());
        double tauPlain = kendall(scores(plain), c.theta());
        double tauWeighted = kendall(scores(weighted), c.theta());
        double accVote = pairAccuracy(c, p -> weighted.answer("p" + p).orElseThrow());
        double accModel = pairAccuracy(c, p -> weighted.probabilityABetter(weighted.itemId("p" + p)) > 0.5 ? "A" : "B");
        int covered = covered(weighted, c.theta());
        double spamWeight = 0;
        double faithfulWeight = 0;
        for (int w = 0; w < WORKERS; w++) {
            int id = weighted.workerId("w" + w);
            if (w >= 0.8 * WORKERS) {
                spamWeight = Math.max(spamWeight, weighted.weight(id));
            } else if (w < 0.5 * WORKERS) {
                faithfulWeight += weighted.weight(id) / (0.5 * WORKERS);
            }
        }
        SyntheticReport.print("pairwise", SEED, "Kendall tau vs true strengths: random-worker win rate %.3f, BT"
                + " unweighted %.3f, BT weighted %.3f; pair accuracy: random worker %.3f, weighted vote %.3f, BT model"
                + " %.3f; 95%% intervals cover %d/%d true scores; weights: always-A workers at most %.3f, faithful"
                + " mean %.3f; %d rounds, %d MM iterations",
                tauNaive, tauPlain, tauWeighted, accNaive, accVote, accModel, covered, OUTPUTS, spamWeight,
                faithfulWeight, weighted.rounds(), weighted.iterations());
        assertTrue(tauWeighted > tauNaive + 0.1, tauWeighted + " vs " + tauNaive);
        assertTrue(tauWeighted >= tauPlain, tauWeighted + " vs " + tauPlain);
        assertTrue(accModel > accNaive + 0.15, accModel + " vs " + accNaive);
        assertTrue(accVote > accNaive + 0.05, accVote + " vs " + accNaive);
        assertTrue(spamWeight < 0.25 && faithfulWeight > 0.4, spamWeight + " / " + faithfulWeight);
        assertTrue(weighted.converged());
    }
}
