package io.tessera.quality.aggregation.text;

/** Levenshtein distance on code points or token ids, and its normalised form. */
public final class EditDistance {

    private EditDistance() {
    }

    /** Levenshtein distance between two sequences (unit costs), O(|a|·|b|) time, O(|b|) memory. */
    public static int levenshtein(int[] a, int[] b) {
        if (a.length == 0) {
            return b.length;
        }
        if (b.length == 0) {
            return a.length;
        }
        int[] prev = new int[b.length + 1];
        int[] cur = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            cur[0] = i;
            int ai = a[i - 1];
            for (int j = 1; j <= b.length; j++) {
                int sub = prev[j - 1] + (ai == b[j - 1] ? 0 : 1);
                int del = prev[j] + 1;
                int ins = cur[j - 1] + 1;
                cur[j] = Math.min(sub, Math.min(del, ins));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length];
    }

    /** Levenshtein distance between two strings, counted in code points. */
    public static int levenshtein(String a, String b) {
        return levenshtein(a.codePoints().toArray(), b.codePoints().toArray());
    }

    /** Distance / max(|a|, |b|), in [0, 1]; 0 for two empty sequences. */
    public static double normalized(int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        return n == 0 ? 0 : (double) levenshtein(a, b) / n;
    }

    /** Normalised edit distance of two strings in code points. */
    public static double normalized(String a, String b) {
        return normalized(a.codePoints().toArray(), b.codePoints().toArray());
    }
}
