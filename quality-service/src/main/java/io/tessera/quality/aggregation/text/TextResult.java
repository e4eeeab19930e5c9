package io.tessera.quality.aggregation.text;

import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.AnswersMergedLabels;
import java.util.List;

/**
 * The result of a transcription merge: per item the merged text (normalised), its confidence and, for ROVER, the
 * vote share of every output word; per worker a similarity to the others and the vote weight used.
 */
public final class TextResult extends AnswersMergedLabels<String, String> {

    private final String[] text;
    private final double[] confidence;
    private final int[] pivotRow;
    private final List<double[]> wordShares;
    private final double[] skill;
    private final double[] weight;
    private final int rounds;

    TextResult(String algorithm, ItemAnswers<String> answers, String[] text, double[] confidence, int[] pivotRow,
               List<double[]> wordShares, double[] skill, double[] weight, int rounds) {
        super(algorithm, answers);
        this.text = text;
        this.confidence = confidence;
        this.pivotRow = pivotRow;
        this.wordShares = wordShares;
        this.skill = skill;
        this.weight = weight;
        this.rounds = rounds;
    }







    /** The merged text of item t, in normal form. */
    @Override
    public String answer(int t) {
        return text[t];
    }

    /**
     * Weighted mean similarity (1 − normalised edit distance in code points) between the merged text and the answers
     * other than the medoid / pivot; 0 with a single answer, 1 for gold.
     */
    @Override
    public double confidence(int t) {
        return confidence[t];
    }

    /** The worker whose answer is the medoid (the pivot for ROVER) of item t; null for gold items. */
    public String pivotWorker(int t) {
        return pivotRow[t] < 0 ? null : answers().worker(answers().workerOf()[pivotRow[t]]);
    }

    /** For ROVER, the weighted vote share of each word of the merged text; empty for the medoid and gold. */
    public double[] wordShares(int t) {
        return wordShares == null || wordShares.get(t) == null ? new double[0] : wordShares.get(t).clone();
    }

    /**
     * Mean similarity (1 − normalised edit distance) of the worker's answers to the medoid of the other answers on
     * the same item (or gold): characters for the medoid merge, words for ROVER. NaN when the worker shares no item.
     */
    @Override
    public double skill(int w) {
        return skill[w];
    }

    /** The vote weight of the last round: log-odds of the smoothed skill, 0 at or below 0.5 (1 when unweighted). */
    public double weight(int w) {
        return weight == null ? 1.0 : weight[w];
    }

    public int rounds() {
        return rounds;
    }

    @Override
    public String confidenceMeaning() {
        return "weighted mean similarity (1 - normalised edit distance) of the other answers to the merged text";
    }

    @Override
    public String skillMeaning() {
        return "mean similarity (1 - normalised edit distance) of the worker's answers to the medoid of the others";
    }
}
