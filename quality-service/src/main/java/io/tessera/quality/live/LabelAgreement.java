package io.tessera.quality.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.quality.agreement.BoxF1;
import io.tessera.quality.agreement.MatchedF1;
import io.tessera.quality.agreement.SpanF1;
import io.tessera.quality.aggregation.text.EditDistance;
import io.tessera.quality.job.LabelValues;

/**
 * Whether a worker's label agrees with the item's merged label, for the kinds whose labels are not
 * compared by equality (categorical and pairwise labels agree when equal, in SQL). A label agrees when
 * it makes the same decisions as the merged one, by the notion of "the same answer" the live decision
 * uses for the kind ({@link KindDecider}):
 *
 * <table>
 * <tr><th>kind</th><th>agrees when</th></tr>
 * <tr><td>multi-label</td><td>the same set of labels</td></tr>
 * <tr><td>rating</td><td>within half a step of the merged value ({@link LabelValues#halfStep})</td></tr>
 * <tr><td>bounding boxes</td><td>every box matches a merged box (same label, IoU ≥ 0.5) and every merged box
 *     is matched: nothing missed, nothing extra</td></tr>
 * <tr><td>text spans</td><td>the same, spans matched by label and character IoU ≥ 0.5</td></tr>
 * <tr><td>transcription</td><td>similarity (1 − normalised edit distance) to the merged text ≥ 0.8, the live
 *     decision's default agreement</td></tr>
 * </table>
 */
public final class LabelAgreement {
    /** Boxes and spans match at this IoU, as the live merges group them. */
    static final double MATCH_IOU = 0.5;
    /**
     * SQL joining {@code item_agreement g} to a label {@code l} on a resolved decision {@code d}: the row
     * computed against that very decision, or none (not computed yet, or stale).
     */
    public static final String JOIN_SQL =
            "LEFT JOIN item_agreement g ON g.item_id = l.item_id AND g.worker_id = l.worker_id AND g.decided_at = d.decided_at";

    /**
     * SQL: whether label {@code l} is compared with its item's resolved decision {@code d}, given the job's
     * kind column; labels of the other kinds count once their agreement is computed ({@link #JOIN_SQL}).
     */
    public static String comparedSql(String kind) {
        return "(%s IN ('categorical', 'pairwise') OR g.item_id IS NOT NULL)".formatted(kind);
    }

    /** SQL: whether label {@code l} agrees with {@code d}: equal for categorical and pairwise, else as computed. */
    public static String agreedSql(String kind) {
        return "(CASE WHEN %s IN ('categorical', 'pairwise') THEN l.label = d.label ELSE coalesce(g.agrees, false) END)"
                .formatted(kind);
    }

    private LabelAgreement() {
    }

    public static boolean agrees(String kind, JsonNode schema, JsonNode label, JsonNode merged) {
        return switch (kind) {
            case LabelValues.MULTI_LABEL -> LabelValues.set(label).equals(LabelValues.set(merged));
            case LabelValues.RATING -> {
                double m = LabelValues.number(merged);
                yield Math.abs(LabelValues.number(label) - m) <= LabelValues.halfStep(schema) + 1e-9 * Math.max(1, Math.abs(m));
            }
            case LabelValues.BOXES -> complete(BoxF1.of(LabelValues.boxes(label), LabelValues.boxes(merged), MATCH_IOU));
            case LabelValues.SPANS -> complete(SpanF1.of(LabelValues.spans(label), LabelValues.spans(merged), MATCH_IOU));
            case LabelValues.TRANSCRIPTION -> 1 - EditDistance.normalized(LabelValues.text(label), LabelValues.text(merged))
                    >= KindDecider.DEFAULT_TEXT_AGREEMENT;
            default -> throw new IllegalArgumentException("labels of kind " + kind + " agree when equal");
        };
    }

    private static boolean complete(MatchedF1.Counts c) {
        return c.onlyFirst() == 0 && c.onlySecond() == 0;
    }
}
