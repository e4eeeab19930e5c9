package io.tessera.quality.agreement;

import io.tessera.quality.aggregation.Assignment;
import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.boxes.Box;
import java.util.List;

/**
 * IoU-matched F1 for bounding boxes (see {@link MatchedF1}): two boxes match when they have the same label and IoU at
 * least the threshold (default 0.5); the matching is optimal (most matches, then the largest total IoU), so the
 * result does not depend on box order. {@link MatchedF1.Counts#meanSimilarity()} is the mean IoU of the matches.
 */
public final class BoxF1 {

    public static final String METRIC = "box_f1";
    public static final double DEFAULT_IOU = 0.5;

    private BoxF1() {
    }

    private static MatchedF1.Similarity<Box> sameLabelIou() {
        return (a, b) -> a.label().equals(b.label()) ? a.iou(b) : Double.NaN;
    }

    /** Counts for two workers' boxes on one item. */
    public static MatchedF1.Counts of(List<Box> first, List<Box> second, double iouThreshold) {
        return MatchedF1.count(first, second, sameLabelIou(), iouThreshold, Assignment.Method.OPTIMAL);
    }

    /** F1 for two workers' boxes on one item at IoU 0.5. */
    public static Coefficient f1(List<Box> first, List<Box> second) {
        return of(first, second, DEFAULT_IOU).f1(METRIC);
    }

    /** Micro F1 between two workers over the items both answered. */
    public static MatchedF1.WorkerPair between(ItemAnswers<List<Box>> answers, String first, String second,
                                               double iouThreshold) {
        return MatchedF1.between(answers, first, second, sameLabelIou(), iouThreshold, Assignment.Method.OPTIMAL,
                METRIC);
    }

    /** Job-level: mean F1 over worker pairs, pooled F1, and every pair. */
    public static MatchedF1.JobF1 ofAnswers(ItemAnswers<List<Box>> answers, double iouThreshold) {
        return MatchedF1.job(answers, sameLabelIou(), iouThreshold, Assignment.Method.OPTIMAL, METRIC);
    }
}
