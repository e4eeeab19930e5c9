package io.tessera.quality.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tessera.common.quality.BatchAlgorithms;
import io.tessera.quality.aggregation.Aggregators;
import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.MergedLabels;
import io.tessera.quality.aggregation.boxes.Box;
import io.tessera.quality.aggregation.boxes.BoxMerge;
import io.tessera.quality.aggregation.boxes.BoxResult;
import io.tessera.quality.aggregation.multilabel.MultiLabelResult;
import io.tessera.quality.aggregation.multilabel.PerLabelBinary;
import io.tessera.quality.aggregation.numeric.NumericAggregator;
import io.tessera.quality.aggregation.numeric.NumericMean;
import io.tessera.quality.aggregation.numeric.NumericMedian;
import io.tessera.quality.aggregation.numeric.NumericResult;
import io.tessera.quality.aggregation.numeric.ReliabilityWeightedMean;
import io.tessera.quality.aggregation.spans.Span;
import io.tessera.quality.aggregation.spans.SpanResult;
import io.tessera.quality.aggregation.spans.SpanVoting;
import io.tessera.quality.aggregation.text.MedoidTranscription;
import io.tessera.quality.aggregation.text.RoverTranscription;
import io.tessera.quality.aggregation.text.TextResult;
import io.tessera.quality.job.LabelValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Batch merges of the kinds whose labels are not one name (rating, multi-label, bounding boxes, text
 * spans, transcription) with the library's merge of the kind, named as in {@link BatchAlgorithms}:
 * the whole job at once, gold items fixed to their answers, so a worker's reliability is learned from
 * every item they labeled (the live decision sees one item and weights nobody).
 *
 * <table>
 * <tr><th>kind</th><th>names (default first)</th><th>label</th></tr>
 * <tr><td>rating</td><td>{@code weighted} ({@link ReliabilityWeightedMean}), {@code weighted-bias}, {@code median},
 *     {@code mean}</td><td>the merged value on the scale: the nearest {@code min + k × step}, within [min, max]</td></tr>
 * <tr><td>multi-label</td><td>{@code per-label-ds} ({@link PerLabelBinary} with Dawid-Skene), {@code per-label-}
 *     any categorical algorithm</td><td>the selected labels (the schema's min/maxSelected)</td></tr>
 * <tr><td>bounding boxes</td><td>{@code box-weighted} ({@link BoxMerge}), {@code box} (every worker counts 1)</td>
 *     <td>kept boxes, corners to two decimals</td></tr>
 * <tr><td>text spans</td><td>{@code span-weighted} ({@link SpanVoting}), {@code span}, and {@code -exact}
 *     variants (a span votes only with identical offsets)</td><td>kept spans</td></tr>
 * <tr><td>transcription</td><td>{@code rover-weighted} ({@link RoverTranscription}), {@code rover},
 *     {@code medoid-weighted}, {@code medoid}</td><td>the merged text</td></tr>
 * </table>
 *
 * Confidence and skill are the result's ({@link MergedLabels#confidenceMeaning()}, {@link MergedLabels#skillMeaning()});
 * a rating's confidence is the probability that the truth is within half a step of the merged value (an
 * interval scale without a step: 5% of max − min, as the live decision's agreement).
 */
final class KindMerges {

    /** One counted label: item, worker, the label as stored. */
    record Row(String item, String worker, JsonNode label) {
    }

    /**
     * A fitted merge: the result with its items and workers, the label of item t as JSON, and how the fit
     * stopped ({@code iterations}: EM iterations or reliability rounds; {@code converged}: before its limit).
     */
    record Fit(String algorithm, MergedLabels<?> result, IntFunction<JsonNode> label, int iterations,
            boolean converged) {
    }

    private KindMerges() {
    }

    /**
     * Fits the job's labels with the named algorithm of its kind.
     *
     * @param name one of {@link BatchAlgorithms#forKind} of the kind (the caller checked it)
     * @param gold known answers by item
     */
    static Fit fit(String kind, JsonNode schema, String name, List<Row> rows, Map<String, JsonNode> gold) {
        return switch (kind) {
            case LabelValues.RATING -> rating(schema, name, rows, gold);
            case LabelValues.MULTI_LABEL -> multiLabel(schema, name, rows, gold);
            case LabelValues.BOXES -> boxes(name, rows, gold);
            case LabelValues.SPANS -> spans(schema, name, rows, gold);
            case LabelValues.TRANSCRIPTION -> text(name, rows, gold);
            default -> throw new IllegalArgumentException("not a kind for KindMerges: " + kind);
        };
    }

    private static <V> ItemAnswers<V> answers(List<Row> rows, Function<JsonNode, V> read) {
        ItemAnswers.Builder<V> b = ItemAnswers.builder(); // a worker's latest label per item (rows come in submission order)
        for (Row r : rows) {
            b.add(r.item(), r.worker(), read.apply(r.label()));
        }
        return b.build();
    }

    private static <V> Map<String, V> gold(Map<String, JsonNode> gold, Function<JsonNode, V> read) {
        Map<String, V> out = new HashMap<>();
        gold.forEach((item, answer) -> out.put(item, read.apply(answer)));
        return out;
    }

    private static Fit rating(JsonNode schema, String name, List<Row> rows, Map<String, JsonNode> goldAnswers) {
        double within = LabelValues.halfStep(schema);
        NumericAggregator merge = switch (name) {
            case "weighted" -> new ReliabilityWeightedMean().within(within);
            case "weighted-bias" -> new ReliabilityWeightedMean().within(within).withBias();
            case "median" -> new NumericMedian(within, 2);
            case "mean" -> new NumericMean(within, 2);
            default -> throw unknown("rating", name);
        };
        NumericResult r = merge.fit(answers(rows, LabelValues::number), gold(goldAnswers, LabelValues::number));
        return new Fit(r.algorithm(), r, t -> LabelValues.ratingLabel(schema, r.estimate(t)), r.iterations(),
                r.converged());
    }

    private static Fit multiLabel(JsonNode schema, String name, List<Row> rows, Map<String, JsonNode> goldAnswers) {
        if (!name.startsWith(BatchAlgorithms.PER_LABEL)) {
            throw unknown("multi-label", name);
        }
        String binary = name.substring(BatchAlgorithms.PER_LABEL.length());
        ItemAnswers<Set<String>> a = answers(rows, LabelValues::set);
        List<String> names = new ArrayList<>();
        schema.path("labels").forEach(l -> names.add(l.asText()));
        PerLabelBinary merge = new PerLabelBinary(Aggregators.byName(binary).orElseThrow(() -> unknown("multi-label", name)))
                .selecting(schema.path("minSelected").asInt(0), schema.path("maxSelected").asInt(Integer.MAX_VALUE));
        MultiLabelResult r = merge.fit(a, names, gold(goldAnswers, LabelValues::set));
        return new Fit(r.algorithm(), r, t -> LabelValues.setLabel(r.answer(t)), 0, true);
    }

    private static Fit boxes(String name, List<Row> rows, Map<String, JsonNode> goldAnswers) {
        BoxMerge merge = switch (name) {
            case "box-weighted" -> new BoxMerge();
            case "box" -> new BoxMerge().unweighted();
            default -> throw unknown("bounding-boxes", name);
        };
        ItemAnswers<List<Box>> a = answers(rows, LabelValues::boxes);
        BoxResult r = merge.fit(a, gold(goldAnswers, LabelValues::boxes));
        return new Fit(r.algorithm(), r, t -> LabelValues.boxesLabel(r.answer(t)), r.rounds(),
                r.rounds() < merge.maxRounds());
    }

    private static Fit spans(JsonNode schema, String name, List<Row> rows, Map<String, JsonNode> goldAnswers) {
        boolean exact = name.endsWith("-exact");
        SpanVoting merge = switch (exact ? name.substring(0, name.length() - "-exact".length()) : name) {
            case "span-weighted" -> new SpanVoting();
            case "span" -> new SpanVoting().unweighted();
            default -> throw unknown("text-spans", name);
        };
        merge = merge.allowingOverlap(schema.path("allowOverlap").asBoolean(false));
        if (exact) {
            merge = merge.withMinIou(1);
        }
        ItemAnswers<List<Span>> a = answers(rows, LabelValues::spans);
        SpanResult r = merge.fit(a, gold(goldAnswers, LabelValues::spans));
        return new Fit(r.algorithm(), r, t -> LabelValues.spansLabel(r.answer(t)), r.rounds(),
                r.rounds() < merge.maxRounds());
    }

    private static Fit text(String name, List<Row> rows, Map<String, JsonNode> goldAnswers) {
        ItemAnswers<String> a = answers(rows, LabelValues::text);
        Map<String, String> g = gold(goldAnswers, LabelValues::text);
        TextResult r;
        int maxRounds;
        switch (name) {
            case "rover-weighted", "rover" -> {
                RoverTranscription merge = "rover".equals(name) ? new RoverTranscription().unweighted() : new RoverTranscription();
                r = merge.fit(a, g);
                maxRounds = merge.maxRounds();
            }
            case "medoid-weighted", "medoid" -> {
                MedoidTranscription merge = "medoid".equals(name) ? new MedoidTranscription().unweighted() : new MedoidTranscription();
                r = merge.fit(a, g);
                maxRounds = merge.maxRounds();
            }
            default -> throw unknown("transcription", name);
        }
        TextResult result = r;
        return new Fit(result.algorithm(), result, t -> JsonNodeFactory.instance.textNode(result.answer(t)), result.rounds(),
                result.rounds() < maxRounds);
    }

    private static IllegalArgumentException unknown(String kind, String name) {
        return new IllegalArgumentException("not a batch algorithm for " + kind + ": " + name);
    }
}
