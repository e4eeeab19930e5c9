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
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

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

    /**
     * The job's counted labels, read once in submission order. Each label goes straight into the kind's answers
     * ({@link ItemAnswers}), so the job is never held as JSON trees: a bounding-box job of 100,000 items × 3 labels
     * took about 250 MiB as one tree per label, and ran out of the services' 512 MiB heap.
     */
    @FunctionalInterface
    interface Labels {
        void forEach(Label label) throws SQLException;
    }

    /** One counted label: item, worker, the label as stored (a transient tree, read into the kind's value). */
    @FunctionalInterface
    interface Label {
        void accept(String item, String worker, JsonNode label);
    }

    /** A job's labels read into its kind's answers: {@link #fit()} runs the merge. */
    interface Loaded {
        /** The labels read (a worker's latest per item). */
        int labels();

        Fit fit();
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
     * Reads the job's labels for the named algorithm of its kind; the returned value fits them.
     *
     * @param name one of {@link BatchAlgorithms#forKind} of the kind (the caller checked it)
     * @param gold known answers by item
     */
    static Loaded load(String kind, JsonNode schema, String name, Labels labels, Map<String, JsonNode> gold)
            throws SQLException {
        return switch (kind) {
            case LabelValues.RATING -> rating(schema, name, labels, gold);
            case LabelValues.MULTI_LABEL -> multiLabel(schema, name, labels, gold);
            case LabelValues.BOXES -> boxes(name, labels, gold);
            case LabelValues.SPANS -> spans(schema, name, labels, gold);
            case LabelValues.TRANSCRIPTION -> text(name, labels, gold);
            default -> throw new IllegalArgumentException("not a kind for KindMerges: " + kind);
        };
    }

    private static <V> ItemAnswers<V> answers(Labels labels, Function<JsonNode, V> read) throws SQLException {
        ItemAnswers.Builder<V> b = ItemAnswers.builder(); // a worker's latest label per item (labels come in submission order)
        labels.forEach((item, worker, label) -> b.add(item, worker, read.apply(label)));
        return b.build();
    }

    private static <V> Map<String, V> gold(Map<String, JsonNode> gold, Function<JsonNode, V> read) {
        Map<String, V> out = new HashMap<>();
        gold.forEach((item, answer) -> out.put(item, read.apply(answer)));
        return out;
    }

    private static Loaded loaded(ItemAnswers<?> answers, Supplier<Fit> fit) {
        return new Loaded() {
            @Override
            public int labels() {
                return answers.size();
            }

            @Override
            public Fit fit() {
                return fit.get();
            }
        };
    }

    private static Loaded rating(JsonNode schema, String name, Labels labels, Map<String, JsonNode> goldAnswers)
            throws SQLException {
        double within = LabelValues.halfStep(schema);
        NumericAggregator merge = switch (name) {
            case "weighted" -> new ReliabilityWeightedMean().within(within);
            case "weighted-bias" -> new ReliabilityWeightedMean().within(within).withBias();
            case "median" -> new NumericMedian(within, 2);
            case "mean" -> new NumericMean(within, 2);
            default -> throw unknown("rating", name);
        };
        ItemAnswers<Double> a = answers(labels, LabelValues::number);
        return loaded(a, () -> {
            NumericResult r = merge.fit(a, gold(goldAnswers, LabelValues::number));
            return new Fit(r.algorithm(), r, t -> LabelValues.ratingLabel(schema, r.estimate(t)), r.iterations(),
                    r.converged());
        });
    }

    private static Loaded multiLabel(JsonNode schema, String name, Labels labels, Map<String, JsonNode> goldAnswers)
            throws SQLException {
        if (!name.startsWith(BatchAlgorithms.PER_LABEL)) {
            throw unknown("multi-label", name);
        }
        String binary = name.substring(BatchAlgorithms.PER_LABEL.length());
        PerLabelBinary merge = new PerLabelBinary(Aggregators.byName(binary).orElseThrow(() -> unknown("multi-label", name)))
                .selecting(schema.path("minSelected").asInt(0), schema.path("maxSelected").asInt(Integer.MAX_VALUE));
        List<String> names = new ArrayList<>();
        schema.path("labels").forEach(l -> names.add(l.asText()));
        ItemAnswers<Set<String>> a = answers(labels, LabelValues::set);
        return loaded(a, () -> {
            MultiLabelResult r = merge.fit(a, names, gold(goldAnswers, LabelValues::set));
            return new Fit(r.algorithm(), r, t -> LabelValues.setLabel(r.answer(t)), 0, true);
        });
    }

    private static Loaded boxes(String name, Labels labels, Map<String, JsonNode> goldAnswers) throws SQLException {
        BoxMerge merge = switch (name) {
            case "box-weighted" -> new BoxMerge();
            case "box" -> new BoxMerge().unweighted();
            default -> throw unknown("bounding-boxes", name);
        };
        ItemAnswers<List<Box>> a = answers(labels, LabelValues::boxes);
        return loaded(a, () -> {
            BoxResult r = merge.fit(a, gold(goldAnswers, LabelValues::boxes));
            return new Fit(r.algorithm(), r, t -> LabelValues.boxesLabel(r.answer(t)), r.rounds(),
                    r.rounds() < merge.maxRounds());
        });
    }

    private static Loaded spans(JsonNode schema, String name, Labels labels, Map<String, JsonNode> goldAnswers)
            throws SQLException {
        boolean exact = name.endsWith("-exact");
        SpanVoting merge = switch (exact ? name.substring(0, name.length() - "-exact".length()) : name) {
            case "span-weighted" -> new SpanVoting();
            case "span" -> new SpanVoting().unweighted();
            default -> throw unknown("text-spans", name);
        };
        merge = merge.allowingOverlap(schema.path("allowOverlap").asBoolean(false));
        SpanVoting voting = exact ? merge.withMinIou(1) : merge;
        ItemAnswers<List<Span>> a = answers(labels, LabelValues::spans);
        return loaded(a, () -> {
            SpanResult r = voting.fit(a, gold(goldAnswers, LabelValues::spans));
            return new Fit(r.algorithm(), r, t -> LabelValues.spansLabel(r.answer(t)), r.rounds(),
                    r.rounds() < voting.maxRounds());
        });
    }

    private static Loaded text(String name, Labels labels, Map<String, JsonNode> goldAnswers) throws SQLException {
        Function<ItemAnswers<String>, TextResult> fit;
        int maxRounds;
        switch (name) {
            case "rover-weighted", "rover" -> {
                RoverTranscription merge = "rover".equals(name) ? new RoverTranscription().unweighted() : new RoverTranscription();
                fit = a -> merge.fit(a, gold(goldAnswers, LabelValues::text));
                maxRounds = merge.maxRounds();
            }
            case "medoid-weighted", "medoid" -> {
                MedoidTranscription merge = "medoid".equals(name) ? new MedoidTranscription().unweighted() : new MedoidTranscription();
                fit = a -> merge.fit(a, gold(goldAnswers, LabelValues::text));
                maxRounds = merge.maxRounds();
            }
            default -> throw unknown("transcription", name);
        }
        ItemAnswers<String> a = answers(labels, LabelValues::text);
        return loaded(a, () -> {
            TextResult r = fit.apply(a);
            return new Fit(r.algorithm(), r, t -> JsonNodeFactory.instance.textNode(r.answer(t)), r.rounds(),
                    r.rounds() < maxRounds);
        });
    }

    private static IllegalArgumentException unknown(String kind, String name) {
        return new IllegalArgumentException("not a batch algorithm for " + kind + ": " + name);
    }
}
