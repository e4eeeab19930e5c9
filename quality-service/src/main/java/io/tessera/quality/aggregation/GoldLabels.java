package io.tessera.quality.aggregation;

import java.util.Arrays;
import java.util.Map;

/**
 * Known true labels for some items of an {@link Answers}, encoded to label ids ({@code -1} where unknown).
 *
 * <p>Gold for items that have no answers is ignored (the item is not in the matrix), and counted in
 * {@link #ignored()}. A gold label outside the label space is rejected: declare it with
 * {@link Answers.Builder#declareLabels} first.
 */
public final class GoldLabels {

    private static final GoldLabels NONE = new GoldLabels(new int[0], 0, 0);

    private final int[] label;
    private final int known;
    private final int ignored;

    private GoldLabels(int[] label, int known, int ignored) {
        this.label = label;
        this.known = known;
        this.ignored = ignored;
    }

    /** No gold: algorithms run unsupervised. */
    public static GoldLabels none() {
        return NONE;
    }

    /** Encodes a map of item name to label name against the answers' ids. */
    public static GoldLabels of(Answers answers, Map<String, String> gold) {
        int[] label = new int[answers.itemCount()];
        Arrays.fill(label, -1);
        int known = 0;
        int ignored = 0;
        for (Map.Entry<String, String> e : gold.entrySet()) {
            int t = answers.itemId(e.getKey());
            if (t < 0) {
                ignored++;
                continue;
            }
            int k = answers.labelId(e.getValue());
            if (k < 0) {
                throw new IllegalArgumentException("gold label '" + e.getValue() + "' of item '" + e.getKey()
                        + "' is not in the label space " + answers.labels() + "; declare it in Answers.Builder");
            }
            label[t] = k;
            known++;
        }
        return new GoldLabels(label, known, ignored);
    }

    /** Label id of item t, or -1 when unknown. */
    public int labelOf(int t) {
        return t < label.length ? label[t] : -1;
    }

    public boolean isEmpty() {
        return known == 0;
    }

    /** Number of items with a gold label. */
    public int known() {
        return known;
    }

    /** Gold entries whose item had no answers. */
    public int ignored() {
        return ignored;
    }

    /** Sets the posterior rows of gold items to one-hot vectors, in place. */
    void clamp(double[] posteriors, int k) {
        if (known == 0) {
            return;
        }
        for (int t = 0; t < label.length; t++) {
            int g = label[t];
            if (g >= 0) {
                int base = t * k;
                for (int c = 0; c < k; c++) {
                    posteriors[base + c] = c == g ? 1.0 : 0.0;
                }
            }
        }
    }
}
