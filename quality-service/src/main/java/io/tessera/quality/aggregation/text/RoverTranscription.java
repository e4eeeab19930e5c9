package io.tessera.quality.aggregation.text;

import io.tessera.quality.aggregation.ItemAnswers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * ROVER-style consensus (Fiscus 1997), simplified to one pivot: the weighted medoid answer (see
 * {@link MedoidTranscription}) is the backbone; every other answer is aligned to it word by word (edit distance with
 * substitution cost = the normalised character distance between the two words, insertion and deletion 1, so a typo
 * aligns with its word rather than shifting the rest); then each pivot word is a slot voted on by all answers (a word
 * or nothing), and each gap between pivot words is a slot voted on by the sequences answers inserted there (or
 * nothing). Votes are weighted by worker reliability (word-level similarity to the medoid of the others, weight its
 * log-odds). Ties in a word slot go to the pivot's word, in a gap to inserting nothing. The result can correct an
 * error every single answer has somewhere (each word taken from the majority), which the medoid cannot.
 *
 * <p>One pivot rather than ROVER's progressive multiple alignment: it is deterministic, O(k·L²) per item, and with
 * the medoid as the pivot the alignment backbone is the most central answer. Insertions that several workers placed
 * in the same gap are voted as whole sequences.
 *
 * @param normalization how texts are compared (and output)
 * @param weightWorkers whether to weight workers (default true)
 * @param maxRounds     reliability rounds (default 10)
 */
public record RoverTranscription(TextNormalization normalization, boolean weightWorkers, int maxRounds) {

    public RoverTranscription() {
        this(TextNormalization.DEFAULT, true, 10);
    }

    public RoverTranscription {
        Objects.requireNonNull(normalization, "normalization");
        if (maxRounds < 1) {
            throw new IllegalArgumentException("maxRounds < 1");
        }
    }

    public RoverTranscription unweighted() {
        return new RoverTranscription(normalization, false, maxRounds);
    }

    public RoverTranscription normalizing(TextNormalization n) {
        return new RoverTranscription(n, weightWorkers, maxRounds);
    }

    public String name() {
        return weightWorkers ? "rover-weighted" : "rover";
    }

    public TextResult fit(ItemAnswers<String> answers) {
        return fit(answers, Map.of());
    }

    /** Fits; gold items output their (normalised) gold text and are the reference for the workers' skill. */
    public TextResult fit(ItemAnswers<String> answers, Map<String, String> gold) {
        int n = answers.size();
        int nItems = answers.itemCount();
        int[] wo = answers.workerOf();
        String[] norm = new String[n];
        String[][] words = new String[n][];
        for (int r = 0; r < n; r++) {
            norm[r] = normalization.apply(answers.value(r));
            words[r] = norm[r].isEmpty() ? new String[0] : norm[r].split(" ");
        }
        int[][] cps = TextKernel.codePoints(norm);
        Map<String, Integer> vocabulary = TextKernel.vocabulary();
        int[][] ids = TextKernel.wordIds(words, vocabulary);
        String[] goldText = TextKernel.gold(answers, gold, normalization);
        int[][] goldIds = new int[nItems][];
        double[][][] dist = new double[nItems][][];
        for (int t = 0; t < nItems; t++) {
            if (goldText[t] != null) {
                String[] gw = goldText[t].isEmpty() ? new String[0] : goldText[t].split(" ");
                goldIds[t] = TextKernel.wordIds(new String[][] {gw}, vocabulary)[0];
            }
            dist[t] = TextKernel.distances(cps, answers.itemStart(t), answers.itemStart(t + 1));
        }
        double[][] rel = TextKernel.reliability(answers, dist, ids, false, goldIds, weightWorkers, maxRounds);
        double[] weight = rel[1] == null ? MedoidTranscription.ones(answers.workerCount()) : rel[1];
        String[] text = new String[nItems];
        double[] confidence = new double[nItems];
        int[] pivot = new int[nItems];
        List<double[]> shares = new ArrayList<>(nItems);
        for (int t = 0; t < nItems; t++) {
            int from = answers.itemStart(t);
            int to = answers.itemStart(t + 1);
            if (goldText[t] != null) {
                text[t] = goldText[t];
                confidence[t] = 1;
                pivot[t] = -1;
                shares.add(null);
                continue;
            }
            int p = from + TextKernel.medoid(dist[t], from, wo, weight, -1);
            pivot[t] = p;
            List<Double> wordShare = new ArrayList<>();
            text[t] = vote(words, from, to, p, wo, weight, wordShare);
            shares.add(wordShare.stream().mapToDouble(Double::doubleValue).toArray());
            confidence[t] = TextKernel.confidence(cps, from, to, p, text[t].codePoints().toArray(), wo, weight);
        }
        return new TextResult(name(), answers, text, confidence, pivot, shares, rel[0], rel[1], (int) rel[2][0]);
    }

    /** Aligns every row of the item to the pivot row and votes slot by slot. */
    private static String vote(String[][] words, int from, int to, int p, int[] wo, double[] weight,
                               List<Double> shares) {
        String[] pivot = words[p];
        int m = pivot.length;
        boolean anyWeight = false;
        for (int r = from; r < to; r++) {
            anyWeight |= weight[wo[r]] > 0;
        }
        List<LinkedHashMap<String, Double>> slots = new ArrayList<>(m);
        List<LinkedHashMap<String, Double>> gaps = new ArrayList<>(m + 1);
        for (int j = 0; j < m; j++) {
            slots.add(new LinkedHashMap<>());
        }
        for (int j = 0; j <= m; j++) {
            gaps.add(new LinkedHashMap<>());
        }
        double total = 0;
        for (int r = from; r < to; r++) {
            double om = anyWeight ? weight[wo[r]] : 1.0;
            total += om;
            String[] slotWord = new String[m];
            List<List<String>> inserted = new ArrayList<>(m + 1);
            for (int j = 0; j <= m; j++) {
                inserted.add(new ArrayList<>());
            }
            if (r == p) {
                System.arraycopy(pivot, 0, slotWord, 0, m);
            } else {
                align(words[r], pivot, slotWord, inserted);
            }
            for (int j = 0; j < m; j++) {
                slots.get(j).merge(slotWord[j] == null ? "" : slotWord[j], om, Double::sum);
            }
            for (int j = 0; j <= m; j++) {
                gaps.get(j).merge(String.join(" ", inserted.get(j)), om, Double::sum);
            }
        }
        StringBuilder out = new StringBuilder();
        for (int j = 0; j <= m; j++) {
            appendWinner(gaps.get(j), "", total, out, shares);
            if (j < m) {
                appendWinner(slots.get(j), pivot[j], total, out, shares);
            }
        }
        return out.toString();
    }

    /** The heaviest candidate (ties: {@code preferred}, then the smallest string); appends it if not empty. */
    private static void appendWinner(Map<String, Double> votes, String preferred, double total, StringBuilder out,
                                     List<Double> shares) {
        String best = null;
        double bw = -1;
        for (Map.Entry<String, Double> e : votes.entrySet()) {
            double w = e.getValue();
            String c = e.getKey();
            boolean wins = best == null || w > bw + 1e-12
                    || (Math.abs(w - bw) <= 1e-12 && !best.equals(preferred)
                        && (c.equals(preferred) || c.compareTo(best) < 0));
            if (wins) {
                best = c;
                bw = w;
            }
        }
        if (best == null || best.isEmpty()) {
            return;
        }
        double share = total > 0 ? bw / total : 0;
        for (String word : best.split(" ")) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(word);
            shares.add(share);
        }
    }

    /**
     * Word alignment of a hypothesis to the pivot: slotWord[j] is the hypothesis word aligned with pivot word j (null
     * when the hypothesis skips it), inserted.get(j) the hypothesis words before pivot word j (j = m: after the last).
     */
    static void align(String[] hyp, String[] pivot, String[] slotWord, List<List<String>> inserted) {
        int n = hyp.length;
        int m = pivot.length;
        double[][] d = new double[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        double[][] sub = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                sub[i][j] = hyp[i].equals(pivot[j]) ? 0 : EditDistance.normalized(hyp[i], pivot[j]);
            }
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                d[i][j] = Math.min(d[i - 1][j - 1] + sub[i - 1][j - 1], Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
            }
        }
        Arrays.fill(slotWord, null);
        int i = n;
        int j = m;
        List<String> pending = new ArrayList<>();
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0 && Math.abs(d[i][j] - (d[i - 1][j - 1] + sub[i - 1][j - 1])) <= 1e-12) {
                slotWord[j - 1] = hyp[i - 1];
                flush(pending, inserted.get(j));
                i--;
                j--;
            } else if (j > 0 && Math.abs(d[i][j] - (d[i][j - 1] + 1)) <= 1e-12) {
                flush(pending, inserted.get(j));
                j--; // pivot word j - 1 has no counterpart
            } else {
                pending.add(hyp[i - 1]); // hypothesis word inserted before pivot word j
                i--;
            }
        }
        flush(pending, inserted.get(0));
    }

    /** Moves the pending insertions (collected backwards) into a gap, in text order. */
    private static void flush(List<String> pending, List<String> gap) {
        for (int k = pending.size() - 1; k >= 0; k--) {
            gap.add(pending.get(k));
        }
        pending.clear();
    }
}
