package io.tessera.quality.aggregation.text;

import io.tessera.quality.aggregation.ItemAnswers;
import java.util.Map;
import java.util.Objects;

/**
 * The medoid transcription: the answer with the smallest reliability-weighted sum of normalised edit distances (in
 * code points, after {@link TextNormalization}) to the other answers. Always a text some worker wrote, so it never
 * invents words, but it cannot fix an error every answer has somewhere else; {@link RoverTranscription} can.
 *
 * <p>Worker reliability: the mean similarity (1 − normalised distance) of the worker's answers to the medoid of the
 * other answers on the same item (leaving the worker out, so a worker is not rewarded for being the medoid), or to
 * gold; the vote weight is its log-odds, max(0, log(a / (1 − a))) with a = (Σ sim + 1) / (n + 2) capped at 0.99,
 * the optimal weight for independent voters of accuracy a, which gives a worker at or below one half no say.
 *
 * @param normalization how texts are compared (and output)
 * @param weightWorkers whether to weight workers (default true)
 * @param maxRounds     reliability rounds (default 10)
 */
public record MedoidTranscription(TextNormalization normalization, boolean weightWorkers, int maxRounds) {

    public MedoidTranscription() {
        this(TextNormalization.DEFAULT, true, 10);
    }

    public MedoidTranscription {
        Objects.requireNonNull(normalization, "normalization");
        if (maxRounds < 1) {
            throw new IllegalArgumentException("maxRounds < 1");
        }
    }

    public MedoidTranscription unweighted() {
        return new MedoidTranscription(normalization, false, maxRounds);
    }

    public MedoidTranscription normalizing(TextNormalization n) {
        return new MedoidTranscription(n, weightWorkers, maxRounds);
    }

    public String name() {
        return weightWorkers ? "medoid-weighted" : "medoid";
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
        for (int r = 0; r < n; r++) {
            norm[r] = normalization.apply(answers.value(r));
        }
        int[][] cps = TextKernel.codePoints(norm);
        String[] goldText = TextKernel.gold(answers, gold, normalization);
        int[][] goldSeqs = new int[nItems][];
        double[][][] dist = new double[nItems][][];
        for (int t = 0; t < nItems; t++) {
            goldSeqs[t] = goldText[t] == null ? null : goldText[t].codePoints().toArray();
            dist[t] = TextKernel.distances(cps, answers.itemStart(t), answers.itemStart(t + 1));
        }
        double[][] rel = TextKernel.reliability(answers, dist, cps, true, goldSeqs, weightWorkers, maxRounds);
        double[] weight = rel[1] == null ? ones(answers.workerCount()) : rel[1];
        String[] text = new String[nItems];
        double[] confidence = new double[nItems];
        int[] pivot = new int[nItems];
        for (int t = 0; t < nItems; t++) {
            int from = answers.itemStart(t);
            if (goldText[t] != null) {
                text[t] = goldText[t];
                confidence[t] = 1;
                pivot[t] = -1;
                continue;
            }
            int m = from + TextKernel.medoid(dist[t], from, wo, weight, -1);
            text[t] = norm[m];
            pivot[t] = m;
            confidence[t] = TextKernel.confidence(cps, from, answers.itemStart(t + 1), m, cps[m], wo, weight);
        }
        return new TextResult(name(), answers, text, confidence, pivot, null, rel[0], rel[1], (int) rel[2][0]);
    }

    static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        return w;
    }
}
