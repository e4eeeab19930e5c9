package io.tessera.quality.agreement;

import java.util.HashSet;
import java.util.Set;

/** Distances between label sets for multi-label agreement (Krippendorff's alpha via {@link KrippendorffAlpha#ofUnits}). */
public final class SetDistances {

    private SetDistances() {
    }

    /** Jaccard distance 1 - |A ∩ B| / |A ∪ B| (0 for two empty sets). */
    public static <T> double jaccard(Set<T> a, Set<T> b) {
        Set<T> union = new HashSet<>(a);
        union.addAll(b);
        if (union.isEmpty()) {
            return 0;
        }
        return 1 - (double) intersection(a, b) / union.size();
    }

    /**
     * MASI distance (Passonneau 2006), as in NLTK: 1 - J * m, with J the Jaccard similarity and m = 1 for equal sets,
     * 0.67 when one contains the other, 0.33 when they overlap otherwise, 0 when disjoint.
     */
    public static <T> double masi(Set<T> a, Set<T> b) {
        int inter = intersection(a, b);
        Set<T> union = new HashSet<>(a);
        union.addAll(b);
        if (union.isEmpty()) {
            return 0;
        }
        double m;
        if (a.size() == b.size() && a.size() == inter) {
            m = 1;
        } else if (inter == Math.min(a.size(), b.size())) {
            m = 0.67;
        } else if (inter > 0) {
            m = 0.33;
        } else {
            m = 0;
        }
        return 1 - (double) inter / union.size() * m;
    }

    private static <T> int intersection(Set<T> a, Set<T> b) {
        int n = 0;
        for (T x : a) {
            if (b.contains(x)) {
                n++;
            }
        }
        return n;
    }
}
