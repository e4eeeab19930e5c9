package io.tessera.quality.aggregation.text;

import io.tessera.quality.aggregation.ItemAnswers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shared parts of the transcription merges. Package-private. */
final class TextKernel {

    /** Reliability is clamped to this range before its log-odds: a weight is at most log(99) ≈ 4.6. */
    static final double MAX_RELIABILITY = 0.99;

    private TextKernel() {
    }

    /** Code points of each row's normalised text. */
    static int[][] codePoints(String[] normalized) {
        int[][] cps = new int[normalized.length][];
        for (int r = 0; r < cps.length; r++) {
            cps[r] = normalized[r].codePoints().toArray();
        }
        return cps;
    }

    /** Each row's words as ids of one vocabulary. */
    static int[][] wordIds(String[][] words, Map<String, Integer> vocabulary) {
        int[][] ids = new int[words.length][];
        for (int r = 0; r < words.length; r++) {
            ids[r] = new int[words[r].length];
            for (int k = 0; k < words[r].length; k++) {
                ids[r][k] = vocabulary.computeIfAbsent(words[r][k], x -> vocabulary.size());
            }
        }
        return ids;
    }

    static Map<String, Integer> vocabulary() {
        return new HashMap<>();
    }

    /** Normalised edit distances between the rows of item t: d[i][j] for rows from + i and from + j. */
    static double[][] distances(int[][] seqs, int from, int to) {
        int k = to - from;
        double[][] d = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                d[i][j] = EditDistance.normalized(seqs[from + i], seqs[from + j]);
                d[j][i] = d[i][j];
            }
        }
        return d;
    }

    /**
     * The weighted medoid of item t's rows: the row minimising Σ_{j ≠ i, j ≠ exclude} ω_j d(i, j), over rows other
     * than {@code exclude} (relative index, or -1). Ties: the higher own weight, then the lower worker id. Returns
     * a relative index, or -1 when no row is left.
     */
    static int medoid(double[][] d, int from, int[] wo, double[] weight, int exclude) {
        int k = d.length;
        boolean anyWeight = false;
        for (int i = 0; i < k; i++) {
            anyWeight |= i != exclude && weight[wo[from + i]] > 0;
        }
        int best = -1;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            if (i == exclude) {
                continue;
            }
            double cost = 0;
            for (int j = 0; j < k; j++) {
                if (j != i && j != exclude) {
                    cost += (anyWeight ? weight[wo[from + j]] : 1.0) * d[i][j];
                }
            }
            if (best < 0 || cost < bestCost - 1e-12 || (Math.abs(cost - bestCost) <= 1e-12
                    && better(wo[from + i], wo[from + best], weight))) {
                best = i;
                bestCost = cost;
            }
        }
        return best;
    }

    private static boolean better(int w, int other, double[] weight) {
        if (weight[w] != weight[other]) {
            return weight[w] > weight[other];
        }
        return w < other;
    }

    /** Log-odds weight of a reliability in [0, 1]: max(0, log(a / (1 − a))) with a clamped to at most 0.99. */
    static double logOdds(double reliability) {
        double a = Math.min(MAX_RELIABILITY, reliability);
        return a <= 0.5 ? 0 : Math.log(a / (1 - a));
    }

    /** Normalised gold texts per item id, null where none. */
    static String[] gold(ItemAnswers<String> answers, Map<String, String> gold, TextNormalization norm) {
        List<String> g = answers.goldByItem(gold);
        String[] out = new String[answers.itemCount()];
        for (int t = 0; t < out.length; t++) {
            out[t] = g.get(t) == null ? null : norm.apply(g.get(t));
        }
        return out;
    }

    /**
     * Weighted mean similarity (1 − normalised character distance) between the consensus and the item's answers
     * other than {@code skipRow} (the pivot); 0 when there is none.
     */
    static double confidence(int[][] cps, int from, int to, int skipRow, int[] consensus, int[] wo, double[] weight) {
        double sw = 0;
        double s = 0;
        boolean anyWeight = false;
        for (int r = from; r < to; r++) {
            anyWeight |= r != skipRow && weight[wo[r]] > 0;
        }
        for (int r = from; r < to; r++) {
            if (r == skipRow) {
                continue;
            }
            double om = anyWeight ? weight[wo[r]] : 1.0;
            sw += om;
            s += om * (1 - EditDistance.normalized(cps[r], consensus));
        }
        return sw == 0 ? 0 : s / sw;
    }

    /**
     * Reliability rounds shared by both merges: each worker's skill is the mean similarity of their answers to the
     * weighted medoid of the other answers on the item (or to gold), in the unit of {@code skillSeqs}; the weight is
     * the log-odds of the smoothed skill (Σ sim + 1) / (n + 2). Repeats until no weight moves by 1e-6 or after
     * maxRounds (once when unweighted). Returns {skill, weight (null when unweighted), {rounds}}.
     */
    static double[][] reliability(ItemAnswers<String> a, double[][][] charDist, int[][] skillSeqs, boolean skillIsChars,
                                  int[][] goldSeqs, boolean weightWorkers, int maxRounds) {
        int nw = a.workerCount();
        int[] wo = a.workerOf();
        double[] weight = new double[nw];
        java.util.Arrays.fill(weight, 1.0);
        // distances in the skill's unit, computed once: between the rows of each item, and to gold
        double[][][] skillDist = new double[a.itemCount()][][];
        double[] goldDist = new double[a.size()];
        for (int t = 0; t < a.itemCount(); t++) {
            int from = a.itemStart(t);
            int to = a.itemStart(t + 1);
            skillDist[t] = skillIsChars ? charDist[t] : distances(skillSeqs, from, to);
            if (goldSeqs[t] != null) {
                for (int r = from; r < to; r++) {
                    goldDist[r] = EditDistance.normalized(skillSeqs[r], goldSeqs[t]);
                }
            }
        }
        double[] sum = new double[nw];
        int[] n = new int[nw];
        int rounds = 0;
        while (true) {
            rounds++;
            java.util.Arrays.fill(sum, 0);
            java.util.Arrays.fill(n, 0);
            for (int t = 0; t < a.itemCount(); t++) {
                int from = a.itemStart(t);
                int k = a.itemSize(t);
                if (k < 2 && goldSeqs[t] == null) {
                    continue;
                }
                for (int i = 0; i < k; i++) {
                    double d = goldSeqs[t] != null ? goldDist[from + i]
                            : skillDist[t][i][medoid(charDist[t], from, wo, weight, i)];
                    sum[wo[from + i]] += 1 - d;
                    n[wo[from + i]]++;
                }
            }
            if (!weightWorkers || rounds >= maxRounds) {
                break;
            }
            double moved = 0;
            for (int w = 0; w < nw; w++) {
                double next = logOdds((sum[w] + 1) / (n[w] + 2));
                moved = Math.max(moved, Math.abs(next - weight[w]));
                weight[w] = next;
            }
            if (moved < 1e-6) {
                break;
            }
        }
        double[] skill = new double[nw];
        for (int w = 0; w < nw; w++) {
            skill[w] = n[w] == 0 ? Double.NaN : sum[w] / n[w];
        }
        return new double[][] {skill, weightWorkers ? weight : null, {rounds}};
    }
}
