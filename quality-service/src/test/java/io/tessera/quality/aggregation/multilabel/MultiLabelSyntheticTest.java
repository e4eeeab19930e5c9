package io.tessera.quality.aggregation.multilabel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.MajorityVote;
import io.tessera.quality.aggregation.SyntheticReport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A synthetic multi-label crowd: 400 items, 8 labels applying with probabilities 0.1 to 0.45, 30 workers with a
 * known sensitivity and specificity, 5 answers per item. Merges must beat one random worker's set clearly.
 */
class MultiLabelSyntheticTest {

    static final long SEED = 20240511L;
    static final int ITEMS = 400;
    static final int WORKERS = 30;
    static final int OVERLAP = 5;
    static final List<String> LABELS = List.of("a", "b", "c", "d", "e", "f", "g", "h");

    record Crowd(ItemAnswers<Set<String>> answers, List<Set<String>> truth, List<Set<String>> randomWorker) {
    }

    /**
     * Workers: 40% careful (sensitivity 0.9, specificity 0.97), 30% sloppy (0.6, 0.9: they miss labels), 20% over-eager
     * (0.85, 0.75), 10% spammers (each label with probability 0.3 whatever the truth).
     */
    static Crowd crowd(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] sens = new double[WORKERS];
        double[] spec = new double[WORKERS];
        for (int w = 0; w < WORKERS; w++) {
            double u = (double) w / WORKERS;
            sens[w] = u < 0.4 ? 0.9 : u < 0.7 ? 0.6 : u < 0.9 ? 0.85 : 0.3;
            spec[w] = u < 0.4 ? 0.97 : u < 0.7 ? 0.9 : u < 0.9 ? 0.75 : 0.7;
        }
        ItemAnswers.Builder<Set<String>> b = ItemAnswers.builder();
        List<Set<String>> truth = new ArrayList<>();
        List<Set<String>> random = new ArrayList<>();
        for (int t = 0; t < ITEMS; t++) {
            Set<String> tr = new HashSet<>();
            for (int k = 0; k < LABELS.size(); k++) {
                if (rnd.nextDouble() < 0.1 + 0.05 * k) {
                    tr.add(LABELS.get(k));
                }
            }
            truth.add(tr);
            int[] ws = SyntheticReport.distinct(rnd, WORKERS, OVERLAP);
            int pick = rnd.nextInt(OVERLAP);
            for (int j = 0; j < OVERLAP; j++) {
                int w = ws[j];
                Set<String> s = new HashSet<>();
                for (String l : LABELS) {
                    boolean applies = tr.contains(l);
                    if (applies ? rnd.nextDouble() < sens[w] : rnd.nextDouble() >= spec[w]) {
                        s.add(l);
                    }
                }
                b.add("i" + t, "w" + w, Set.copyOf(s));
                if (j == pick) {
                    random.add(s);
                }
            }
        }
        return new Crowd(b.build(), truth, random);
    }

    /** {exact-set accuracy, mean Jaccard, per-label (Hamming) accuracy}. */
    static double[] score(List<Set<String>> predicted, List<Set<String>> truth) {
        double exact = 0;
        double jaccard = 0;
        double hamming = 0;
        for (int t = 0; t < truth.size(); t++) {
            Set<String> p = predicted.get(t);
            Set<String> tr = truth.get(t);
            exact += p.equals(tr) ? 1 : 0;
            Set<String> inter = new HashSet<>(p);
            inter.retainAll(tr);
            Set<String> union = new HashSet<>(p);
            union.addAll(tr);
            jaccard += union.isEmpty() ? 1 : (double) inter.size() / union.size();
            hamming += 1 - (double) (union.size() - inter.size()) / LABELS.size();
        }
        int n = truth.size();
        return new double[] {exact / n, jaccard / n, hamming / n};
    }

    static List<Set<String>> merged(MultiLabelResult r) {
        List<Set<String>> out = new ArrayList<>();
        for (int t = 0; t < ITEMS; t++) {
            out.add(r.answer("i" + t).orElseThrow());
        }
        return out;
    }

    @Test
    void perLabelModelsBeatARandomWorker() {
        Crowd c = crowd(SEED);
        double[] base = score(c.randomWorker(), c.truth());
        MultiLabelResult mvResult = new PerLabelBinary(new MajorityVote()).fit(c.answers(), LABELS, Map.of());
        MultiLabelResult dsResult = new PerLabelBinary().fit(c.answers(), LABELS, Map.of());
        double[] mv = score(merged(mvResult), c.truth());
        double[] ds = score(merged(dsResult), c.truth());
        SyntheticReport.print("multi-label", SEED, "exact set / mean Jaccard / per-label accuracy: random worker"
                + " %.3f / %.3f / %.3f, per-label MV %.3f / %.3f / %.3f, per-label DS %.3f / %.3f / %.3f",
                base[0], base[1], base[2], mv[0], mv[1], mv[2], ds[0], ds[1], ds[2]);
        assertTrue(mv[0] > base[0] + 0.2, "MV exact " + mv[0] + " vs " + base[0]);
        assertTrue(ds[0] > base[0] + 0.3, "DS exact " + ds[0] + " vs " + base[0]);
        assertTrue(ds[1] > base[1] + 0.15, "DS Jaccard " + ds[1] + " vs " + base[1]);
        assertTrue(ds[0] >= mv[0], "DS " + ds[0] + " vs MV " + mv[0]);
        // the careful workers have a higher skill than the spammers
        double minCareful = 1;
        double maxSpam = 0;
        for (int w = 0; w < WORKERS; w++) {
            double s = dsResult.skill("w" + w).orElseThrow();
            if (w < 0.4 * WORKERS) {
                minCareful = Math.min(minCareful, s);
            } else if (w >= 0.9 * WORKERS) {
                maxSpam = Math.max(maxSpam, s);
            }
        }
        assertTrue(minCareful > maxSpam, minCareful + " vs " + maxSpam);
    }
}
