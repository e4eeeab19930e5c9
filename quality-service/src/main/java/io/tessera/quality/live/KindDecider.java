package io.tessera.quality.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.MajorityVote;
import io.tessera.quality.aggregation.boxes.Box;
import io.tessera.quality.aggregation.boxes.BoxMerge;
import io.tessera.quality.aggregation.boxes.BoxResult;
import io.tessera.quality.aggregation.multilabel.MultiLabelResult;
import io.tessera.quality.aggregation.multilabel.PerLabelBinary;
import io.tessera.quality.aggregation.spans.Span;
import io.tessera.quality.aggregation.spans.SpanResult;
import io.tessera.quality.aggregation.spans.SpanVoting;
import io.tessera.quality.aggregation.text.RoverTranscription;
import io.tessera.quality.aggregation.text.TextResult;
import io.tessera.quality.job.LabelValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Live decisions for the label kinds that are not one of a fixed list of names: the item's counted
 * labels are merged with the kind's merge from the library (unweighted: one item says nothing about
 * its workers), and the merge's confidence is the item's agreement. The item is resolved when the
 * agreement reaches the job's {@code confidenceTarget}, or, without one, the kind's default below;
 * otherwise it asks for one more label, up to maxOverlap, where it resolves with what it has.
 *
 * <table>
 * <tr><th>kind</th><th>merged label</th><th>agreement (confidence)</th><th>default</th></tr>
 * <tr><td>multi-label</td><td>labels a majority chose (per-label vote, the schema's min/maxSelected)</td>
 *     <td>product over labels of the winning share</td><td>no label split evenly</td></tr>
 * <tr><td>rating</td><td>the median (an even count on an ordinal scale: the lower middle value)</td>
 *     <td>share of ratings within half a step of it (interval scales without a step: 5% of the range)</td>
 *     <td>&gt; 0.5</td></tr>
 * <tr><td>bounding boxes</td><td>{@link BoxMerge} boxes kept by a strict majority</td>
 *     <td>the least certain keep/drop decision, min over clusters of max(support, 1 − support)</td><td>&gt; 0.5</td></tr>
 * <tr><td>text spans</td><td>{@link SpanVoting} spans kept by a strict majority</td><td>as boxes</td><td>&gt; 0.5</td></tr>
 * <tr><td>transcription</td><td>{@link RoverTranscription} word vote</td>
 *     <td>mean similarity (1 − normalised edit distance) of the other answers to it</td><td>≥ 0.8</td></tr>
 * </table>
 */
public final class KindDecider {
    /** Without a target, a transcription resolves when the answers are on average this similar to the merged text. */
    static final double DEFAULT_TEXT_AGREEMENT = 0.8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private KindDecider() {
    }

    /** Whether this decider handles the kind (the others go through {@link ItemDecider}). */
    public static boolean handles(String kind) {
        return switch (kind) {
            case LabelValues.MULTI_LABEL, LabelValues.RATING, LabelValues.BOXES, LabelValues.SPANS,
                    LabelValues.TRANSCRIPTION -> true;
            default -> false;
        };
    }

    /** The merged label and its agreement; {@code settled}: agreement enough without a target. */
    record Merge(JsonNode label, double confidence, boolean settled) {
    }

    /**
     * @param votes  the item's counted labels (JSON text)
     * @param needed labels the item needs before a decision
     * @param atMost whether the item has every label it may get
     */
    public static ItemDecider.Decision decide(String kind, JsonNode schema, List<ItemDecider.Vote> votes, int needed,
            boolean atMost, Double target) {
        if (votes.isEmpty() || votes.size() < needed) {
            return ItemDecider.Decision.WAIT;
        }
        Merge m = merge(kind, schema, votes);
        boolean agreed = target == null ? m.settled() : m.confidence() >= target;
        return agreed || atMost
                ? new ItemDecider.Decision(ItemDecider.Outcome.RESOLVE, m.label().toString(), m.confidence())
                : new ItemDecider.Decision(ItemDecider.Outcome.EXTEND, null, m.confidence());
    }

    static Merge merge(String kind, JsonNode schema, List<ItemDecider.Vote> votes) {
        List<JsonNode> labels = new ArrayList<>(votes.size());
        for (ItemDecider.Vote v : votes) {
            try {
                labels.add(JSON.readTree(v.label()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("stored label is not JSON: " + v.label(), e);
            }
        }
        return switch (kind) {
            case LabelValues.MULTI_LABEL -> multiLabel(schema, votes, labels);
            case LabelValues.RATING -> rating(schema, labels);
            case LabelValues.BOXES -> boxes(votes, labels);
            case LabelValues.SPANS -> spans(schema, votes, labels);
            case LabelValues.TRANSCRIPTION -> text(votes, labels);
            default -> throw new IllegalArgumentException("not a kind for KindDecider: " + kind);
        };
    }

    private static <V> ItemAnswers<V> oneItem(List<ItemDecider.Vote> votes, List<V> values) {
        ItemAnswers.Builder<V> b = ItemAnswers.builder();
        for (int i = 0; i < votes.size(); i++) {
            b.add("item", votes.get(i).worker(), values.get(i));
        }
        return b.build();
    }

    private static Merge multiLabel(JsonNode schema, List<ItemDecider.Vote> votes, List<JsonNode> labels) {
        List<Set<String>> sets = labels.stream().map(LabelValues::set).toList();
        List<String> names = new ArrayList<>();
        schema.path("labels").forEach(l -> names.add(l.asText()));
        sets.forEach(s -> s.stream().filter(l -> !names.contains(l)).forEach(names::add));
        PerLabelBinary merge = new PerLabelBinary(new MajorityVote()).selecting(
                schema.path("minSelected").asInt(0), schema.path("maxSelected").asInt(Integer.MAX_VALUE));
        MultiLabelResult r = merge.fit(oneItem(votes, sets), names, java.util.Map.of());
        return new Merge(LabelValues.setLabel(r.answer(0)), r.confidence(0), r.undecided(0).isEmpty());
    }

    private static Merge rating(JsonNode schema, List<JsonNode> labels) {
        double[] x = labels.stream().mapToDouble(LabelValues::number).sorted().toArray();
        boolean ordinal = "ordinal".equals(schema.path("scale").asText());
        int n = x.length;
        double median = n % 2 == 1 ? x[n / 2] : ordinal ? x[n / 2 - 1] : (x[n / 2 - 1] + x[n / 2]) / 2;
        double half = LabelValues.halfStep(schema);
        double eps = 1e-9 * Math.max(1, Math.abs(median));
        long within = Arrays.stream(x).filter(v -> Math.abs(v - median) <= half + eps).count();
        double share = (double) within / n;
        return new Merge(LabelValues.numberLabel(median), share, share > 0.5);
    }

    private static Merge boxes(List<ItemDecider.Vote> votes, List<JsonNode> labels) {
        List<List<Box>> boxes = labels.stream().map(LabelValues::boxes).toList();
        BoxResult r = new BoxMerge().unweighted().fit(oneItem(votes, boxes));
        return new Merge(LabelValues.boxesLabel(r.answer(0)), r.confidence(0), r.confidence(0) > 0.5);
    }

    private static Merge spans(JsonNode schema, List<ItemDecider.Vote> votes, List<JsonNode> labels) {
        List<List<Span>> spans = labels.stream().map(LabelValues::spans).toList();
        SpanResult r = new SpanVoting().unweighted().allowingOverlap(schema.path("allowOverlap").asBoolean(false))
                .fit(oneItem(votes, spans));
        return new Merge(LabelValues.spansLabel(r.answer(0)), r.confidence(0), r.confidence(0) > 0.5);
    }

    private static Merge text(List<ItemDecider.Vote> votes, List<JsonNode> labels) {
        List<String> texts = labels.stream().map(LabelValues::text).toList();
        TextResult r = new RoverTranscription().unweighted().fit(oneItem(votes, texts));
        return new Merge(JsonNodeFactory.instance.textNode(r.answer(0)), r.confidence(0),
                r.confidence(0) >= DEFAULT_TEXT_AGREEMENT);
    }
}
