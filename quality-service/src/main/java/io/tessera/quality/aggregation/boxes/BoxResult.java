package io.tessera.quality.aggregation.boxes;

import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.AnswersMergedLabels;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of {@link BoxMerge}: per item the kept boxes and every cluster with its support, worker count and
 * agreement on position; per worker precision, recall, F1 and mean IoU against the merged boxes, and the reliability
 * weight used.
 */
public final class BoxResult extends AnswersMergedLabels<List<Box>, List<Box>> {

    private final List<List<MergedBox>> clusters;
    private final double[] confidence;
    private final double[] weight;
    private final double[][] stats;
    private final int rounds;

    BoxResult(String algorithm, ItemAnswers<List<Box>> answers, List<List<MergedBox>> clusters, double[] confidence,
              double[] weight, double[][] stats, int rounds) {
        super(algorithm, answers);
        this.clusters = clusters;
        this.confidence = confidence;
        this.weight = weight;
        this.stats = stats;
        this.rounds = rounds;
    }







    /** The kept boxes of item t, most supported first. */
    @Override
    public List<Box> answer(int t) {
        List<Box> out = new ArrayList<>();
        for (MergedBox b : clusters.get(t)) {
            if (b.kept()) {
                out.add(b.box());
            }
        }
        return List.copyOf(out);
    }

    /** Every cluster of item t, kept or dropped, most supported first. */
    public List<MergedBox> clusters(int t) {
        return clusters.get(t);
    }

    /** The kept clusters of item t with their support and worker counts. */
    public List<MergedBox> kept(int t) {
        return clusters.get(t).stream().filter(MergedBox::kept).toList();
    }

    /**
     * The least certain keep/drop decision of the item: min over clusters of max(support, 1 − support); 1 when every
     * worker drew nothing, and for gold.
     */
    @Override
    public double confidence(int t) {
        return confidence[t];
    }

    /** F1 of the worker's boxes against the merged boxes (IoU-matched); NaN when neither side has a box. */
    @Override
    public double skill(int w) {
        double tp = stats[0][w];
        double denom = 2 * tp + stats[1][w] + stats[2][w];
        return denom == 0 ? Double.NaN : 2 * tp / denom;
    }

    /** Share of the worker's boxes that match a merged box; NaN when the worker drew none. */
    public double precision(int w) {
        double d = stats[0][w] + stats[1][w];
        return d == 0 ? Double.NaN : stats[0][w] / d;
    }

    /** Share of the merged boxes (on the worker's items) the worker found; NaN when there were none. */
    public double recall(int w) {
        double d = stats[0][w] + stats[2][w];
        return d == 0 ? Double.NaN : stats[0][w] / d;
    }

    /** Mean IoU of the worker's matched boxes with the merged ones: localisation quality. */
    public double meanIou(int w) {
        return stats[0][w] == 0 ? Double.NaN : stats[3][w] / stats[0][w];
    }

    /** The reliability weight of the last round (1 when unweighted). */
    public double weight(int w) {
        return weight == null ? 1.0 : weight[w];
    }

    /** Clustering rounds run. */
    public int rounds() {
        return rounds;
    }

    @Override
    public String confidenceMeaning() {
        return "the least certain box decision: min over the item's clusters of max(support, 1 - support)";
    }

    @Override
    public String skillMeaning() {
        return "F1 of the worker's boxes against the merged boxes, matched by IoU";
    }
}
