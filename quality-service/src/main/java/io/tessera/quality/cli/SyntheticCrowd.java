package io.tessera.quality.cli;

import io.tessera.quality.aggregation.Answers;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded synthetic crowd for the scale benchmark: {@code labels / overlap} items with a true label
 * drawn uniformly from {@code classes}, each labeled by {@code overlap} distinct workers drawn
 * uniformly from {@code workers}. Workers are 50% good (accuracy 0.9), 30% sloppy (0.7), 20%
 * spammers (uniform answers); a wrong answer is uniform over the other labels. Built straight into
 * {@link Answers#encoded} arrays: no strings, no maps, no boxing.
 */
public final class SyntheticCrowd {
    public final Answers answers;
    /** True label id per item (in {@code answers}' label order). */
    public final int[] truth;

    private SyntheticCrowd(Answers answers, int[] truth) {
        this.answers = answers;
        this.truth = truth;
    }

    public static SyntheticCrowd generate(long labels, int overlap, int workers, int classes, long seed) {
        if (overlap < 1 || workers < overlap || classes < 2 || classes > 9) {
            throw new IllegalArgumentException("need 1 <= overlap <= workers and 2 <= classes <= 9");
        }
        long itemsLong = labels / overlap;
        if (itemsLong * overlap > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("at most " + (Integer.MAX_VALUE - 8) + " labels");
        }
        int items = (int) itemsLong;
        int n = items * overlap;
        SplittableRandom random = new SplittableRandom(seed);
        double[] accuracy = new double[workers];
        for (int w = 0; w < workers; w++) {
            double u = random.nextDouble();
            accuracy[w] = u < 0.5 ? 0.9 : u < 0.8 ? 0.7 : -1; // -1: a spammer answers uniformly
        }
        int[] truth = new int[items];
        int[] item = new int[n];
        int[] worker = new int[n];
        int[] label = new int[n];
        int[] chosen = new int[overlap];
        int r = 0;
        for (int t = 0; t < items; t++) {
            int c = random.nextInt(classes);
            truth[t] = c;
            for (int j = 0; j < overlap; j++) {
                int w;
                boolean again;
                do { // k distinct workers out of many: rejection is cheap
                    w = random.nextInt(workers);
                    again = false;
                    for (int i = 0; i < j; i++) {
                        if (chosen[i] == w) {
                            again = true;
                            break;
                        }
                    }
                } while (again);
                chosen[j] = w;
                int given;
                if (accuracy[w] < 0) {
                    given = random.nextInt(classes);
                } else if (random.nextDouble() < accuracy[w]) {
                    given = c;
                } else {
                    given = random.nextInt(classes - 1);
                    given = given >= c ? given + 1 : given;
                }
                item[r] = t;
                worker[r] = w;
                label[r] = given;
                r++;
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add(Integer.toString(c));
        }
        return new SyntheticCrowd(Answers.encoded(items, workers, names, item, worker, label), truth);
    }
}
