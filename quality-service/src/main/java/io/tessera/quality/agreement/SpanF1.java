package io.tessera.quality.agreement;

import io.tessera.quality.aggregation.Assignment;
import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.spans.Span;
import java.util.List;

/**
 * Span F1 (see {@link MatchedF1}): by default two spans match only with the same label and the same offsets, the
 * exact-match F1 of CoNLL-style NER evaluation. With {@code minIou < 1}, spans of one label whose character IoU is at
 * least {@code minIou} match (a lenient, partial-match F1), matched optimally.
 */
public final class SpanF1 {

    public static final String METRIC = "span_f1";

    private SpanF1() {
    }

    private static MatchedF1.Similarity<Span> sameLabelIou() {
        return (a, b) -> a.label().equals(b.label()) ? a.iou(b) : Double.NaN;
    }

    /** Counts for two workers' spans on one item; minIou 1 is exact match. */
    public static MatchedF1.Counts of(List<Span> first, List<Span> second, double minIou) {
        return MatchedF1.count(first, second, sameLabelIou(), minIou, Assignment.Method.OPTIMAL);
    }

    /** Exact-match F1 for two workers' spans on one item. */
    public static Coefficient f1(List<Span> first, List<Span> second) {
        return of(first, second, 1.0).f1(METRIC);
    }

    /** Micro F1 between two workers over the items both answered. */
    public static MatchedF1.WorkerPair between(ItemAnswers<List<Span>> answers, String first, String second,
                                               double minIou) {
        return MatchedF1.between(answers, first, second, sameLabelIou(), minIou, Assignment.Method.OPTIMAL, METRIC);
    }

    /** Job-level: mean F1 over worker pairs, pooled F1, and every pair. */
    public static MatchedF1.JobF1 ofAnswers(ItemAnswers<List<Span>> answers, double minIou) {
        return MatchedF1.job(answers, sameLabelIou(), minIou, Assignment.Method.OPTIMAL, METRIC);
    }
}
