package io.tessera.quality.aggregation.boxes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.quality.aggregation.Assignment;
import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.SyntheticReport;
import io.tessera.quality.agreement.BoxF1;
import io.tessera.quality.agreement.MatchedF1;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A synthetic box crowd: 200 images of 640×480 with 0–4 objects (sofa, pot, carpet; 40–200 px a side), 25 workers,
 * 5 per image. Workers: 40% good (find 95% of objects, corners off by 3% of the size, a false box on 5% of images,
 * 2% wrong labels), 30% sloppy (75%, 8%, 30%, 10%), 20% poor (50%, 15%, 80%, 20%), 10% spammers (0–3 random boxes).
 * The naive choice is one random worker's boxes per image.
 */
class BoxSyntheticTest {

    static final long SEED = 20240531L;
    static final int IMAGES = 200;
    static final int WORKERS = 25;
    static final int OVERLAP = 5;
    static final String[] LABELS = {"sofa", "pot", "carpet"};

    record Crowd(ItemAnswers<List<Box>> answers, List<List<Box>> truth, List<List<Box>> randomWorker) {
    }

    static Box randomBox(SplittableRandom rnd, String label) {
        double w = rnd.nextDouble(40, 200);
        double h = rnd.nextDouble(40, 200);
        return new Box(label, rnd.nextDouble(0, 640 - w), rnd.nextDouble(0, 480 - h), w, h);
    }

    static Box jitter(SplittableRandom rnd, Box b, double rel, String label) {
        double x1 = b.x() + rnd.nextGaussian() * rel * b.w();
        double x2 = b.x2() + rnd.nextGaussian() * rel * b.w();
        double y1 = b.y() + rnd.nextGaussian() * rel * b.h();
        double y2 = b.y2() + rnd.nextGaussian() * rel * b.h();
        x1 = Math.max(0, Math.min(x1, 639));
        y1 = Math.max(0, Math.min(y1, 479));
        x2 = Math.min(640, Math.max(x2, x1 + 1));
        y2 = Math.min(480, Math.max(y2, y1 + 1));
        return new Box(label, x1, y1, x2 - x1, y2 - y1);
    }

    static Crowd crowd(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] kind = {{0.95, 0.03, 0.05, 0.02}, {0.75, 0.08, 0.3, 0.1}, {0.5, 0.15, 0.8, 0.2}};
        ItemAnswers.Builder<List<Box>> b = ItemAnswers.builder();
        List<List<Box>> truth = new ArrayList<>();
        List<List<Box>> random = new ArrayList<>();
        for (int t = 0; t < IMAGES; t++) {
            List<Box> tr = new ArrayList<>();
            int objects = rnd.nextInt(5);
            for (int o = 0; o < objects; o++) {
                tr.add(randomBox(rnd, LABELS[rnd.nextInt(LABELS.length)]));
            }
            truth.add(tr);
            int[] ws = SyntheticReport.distinct(rnd, WORKERS, OVERLAP);
            int pick = rnd.nextInt(OVERLAP);
            for (int j = 0; j < OVERLAP; j++) {
                int w = ws[j];
                double u = (double) w / WORKERS;
                List<Box> mine = new ArrayList<>();
                if (u >= 0.9) {
                    int n = rnd.nextInt(4);
                    for (int k = 0; k < n; k++) {
                        mine.add(randomBox(rnd, LABELS[rnd.nextInt(LABELS.length)]));
                    }
                } else {
                    double[] p = kind[u < 0.4 ? 0 : u < 0.7 ? 1 : 2];
                    for (Box o : tr) {
                        if (rnd.nextDouble() < p[0]) {
                            String label = rnd.nextDouble() < p[3] ? LABELS[rnd.nextInt(LABELS.length)] : o.label();
                            mine.add(jitter(rnd, o, p[1], label));
                        }
                    }
                    if (rnd.nextDouble() < p[2]) {
                        mine.add(randomBox(rnd, LABELS[rnd.nextInt(LABELS.length)]));
                    }
                }
                b.add("img" + t, "w" + w, List.copyOf(mine));
                if (j == pick) {
                    random.add(mine);
                }
            }
        }
        return new Crowd(b.build(), truth, random);
    }

    /** {F1 at IoU 0.5, F1 at IoU 0.75, mean IoU of the 0.5-matches} against the truth, micro over images. */
    static double[] score(List<List<Box>> predicted, List<List<Box>> truth) {
        MatchedF1.Counts c50 = MatchedF1.Counts.ZERO;
        MatchedF1.Counts c75 = MatchedF1.Counts.ZERO;
        for (int t = 0; t < truth.size(); t++) {
            c50 = c50.plus(BoxF1.of(predicted.get(t), truth.get(t), 0.5));
            c75 = c75.plus(BoxF1.of(predicted.get(t), truth.get(t), 0.75));
        }
        return new double[] {c50.f1("f1").value(), c75.f1("f1").value(), c50.meanSimilarity()};
    }

    static List<List<Box>> merged(BoxResult r) {
        List<List<Box>> out = new ArrayList<>();
        for (int t = 0; t < IMAGES; t++) {
            out.add(r.answer("img" + t).orElseThrow());
        }
        return out;
    }

    @Test
    void mergedBoxesBeatARandomWorker() {
        Crowd c = crowd(SEED);
        double[] base = score(c.randomWorker(), c.truth());
        BoxResult plain = new BoxMerge().unweighted().fit(c.answers());
        BoxResult weighted = new BoxMerge().fit(c.answers());
        BoxResult optimal = new BoxMerge().withMatching(Assignment.Method.OPTIMAL).fit(c.answers());
        BoxResult across = new BoxMerge().acrossLabels().fit(c.answers());
        double[] p = score(merged(plain), c.truth());
        double[] w = score(merged(weighted), c.truth());
        double[] o = score(merged(optimal), c.truth());
        double[] x = score(merged(across), c.truth());
        SyntheticReport.print("boxes", SEED, "F1@0.5 / F1@0.75 / mean IoU: random worker %.3f / %.3f / %.3f,"
                + " unweighted %.3f / %.3f / %.3f, weighted %.3f / %.3f / %.3f (%d rounds), weighted+optimal"
                + " %.3f / %.3f / %.3f, weighted+across labels %.3f / %.3f / %.3f",
                base[0], base[1], base[2], p[0], p[1], p[2], w[0], w[1], w[2], weighted.rounds(), o[0], o[1], o[2],
                x[0], x[1], x[2]);
        assertTrue(w[0] > base[0] + 0.15, w[0] + " vs " + base[0]);
        assertTrue(w[1] > base[1] + 0.2, w[1] + " vs " + base[1]);
        assertTrue(w[2] > base[2] + 0.03, w[2] + " vs " + base[2]);
        assertTrue(w[0] >= p[0] - 0.005, w[0] + " vs " + p[0]);
        // good workers are weighted above spammers
        double minGood = 1;
        double maxSpam = 0;
        for (int k = 0; k < WORKERS; k++) {
            double wt = weighted.weight(weighted.workerId("w" + k));
            if (k < 0.4 * WORKERS) {
                minGood = Math.min(minGood, wt);
            } else if (k >= 0.9 * WORKERS) {
                maxSpam = Math.max(maxSpam, wt);
            }
        }
        assertTrue(minGood > maxSpam, minGood + " vs " + maxSpam);
    }
}
