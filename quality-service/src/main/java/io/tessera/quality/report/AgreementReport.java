package io.tessera.quality.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tessera.quality.aggregation.AggregationResult;
import io.tessera.quality.aggregation.Aggregator;
import io.tessera.quality.aggregation.Answers;
import io.tessera.quality.aggregation.GoldLabels;
import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.boxes.Box;
import io.tessera.quality.aggregation.spans.Span;
import io.tessera.quality.aggregation.text.EditDistance;
import io.tessera.quality.agreement.BoxF1;
import io.tessera.quality.agreement.Coefficient;
import io.tessera.quality.agreement.CohenKappa;
import io.tessera.quality.agreement.FleissKappa;
import io.tessera.quality.agreement.KrippendorffAlpha;
import io.tessera.quality.agreement.MatchedF1;
import io.tessera.quality.agreement.SetDistances;
import io.tessera.quality.agreement.SpanF1;
import io.tessera.quality.job.LabelValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The agreement, label distribution and worker model parts of a job's quality report, as a pure
 * function of the job's counted labels. Everything is bounded for big jobs: worker pairs are limited
 * to the {@code maxPairs} pairs with the most shared items (at least {@code minSharedItems}), the
 * model lists the {@code maxWorkers} workers with the most labels, and a Krippendorff alpha over
 * more than {@value #MAX_DISTINCT_VALUES} distinct values is reported undefined (its coincidence
 * matrix is values²); the response says what was left out.
 */
public final class AgreementReport {
    static final int MAX_DISTINCT_VALUES = 1000;
    /** Pairs of answers on one item are Σ k²; beyond this many the pair table is skipped. */
    static final long MAX_ANSWER_PAIRS = 5_000_000;

    /** One counted label: {@code gold} rows only feed the model (clamped to their answers). */
    public record Row(long item, String worker, JsonNode label, boolean gold) {
    }

    public record Limits(int maxPairs, int minSharedItems, int maxWorkers) {
    }

    private AgreementReport() {
    }

    /**
     * @param schema     the job's label schema ({@code labels}, {@code scale}, …), may be empty
     * @param gold       gold answers by item, for the model
     * @param algorithm  the job's batch algorithm, for the model of nominal kinds
     */
    public static JobQuality.Agreement agreement(String kind, JsonNode schema, List<Row> rows, Limits limits) {
        List<Row> regular = rows.stream().filter(r -> !r.gold()).toList();
        return switch (kind) {
            case LabelValues.CATEGORICAL, LabelValues.PAIRWISE -> nominal(regular, limits);
            case LabelValues.RATING -> rating(schema, regular, limits);
            case LabelValues.MULTI_LABEL -> {
                ItemAnswers<Set<String>> a = answers(regular, r -> LabelValues.set(r.label()));
                yield new JobQuality.Agreement(List.of(alpha(a, SetDistances::masi, "krippendorff_alpha_masi")),
                        pairs(a, limits, "krippendorff_alpha_masi",
                                (x, y) -> twoCoderAlpha(x, y, SetDistances::masi, "krippendorff_alpha_masi")));
            }
            case LabelValues.BOXES -> {
                ItemAnswers<List<Box>> a = answers(regular, r -> LabelValues.boxes(r.label()));
                yield matched(BoxF1.ofAnswers(a, BoxF1.DEFAULT_IOU), a, limits, BoxF1.METRIC,
                        (x, y) -> BoxF1.of(x, y, BoxF1.DEFAULT_IOU));
            }
            case LabelValues.SPANS -> {
                ItemAnswers<List<Span>> a = answers(regular, r -> LabelValues.spans(r.label()));
                yield matched(SpanF1.ofAnswers(a, 1.0), a, limits, SpanF1.METRIC, (x, y) -> SpanF1.of(x, y, 1.0));
            }
            case LabelValues.TRANSCRIPTION -> {
                ItemAnswers<String> a = answers(regular, r -> LabelValues.text(r.label()));
                yield new JobQuality.Agreement(List.of(meanSimilarity(a)),
                        pairs(a, limits, "text_similarity", AgreementReport::similarity));
            }
            default -> new JobQuality.Agreement(List.of(), null);
        };
    }

    private static JobQuality.Agreement nominal(List<Row> regular, Limits limits) {
        Answers.Builder b = Answers.builder().duplicates(Answers.Duplicates.KEEP_LAST);
        regular.forEach(r -> b.add(Long.toString(r.item()), r.worker(), LabelValues.name(r.label())));
        Answers a = b.build();
        FleissKappa.Result fleiss = FleissKappa.ofAnswers(a);
        KrippendorffAlpha.Result<?> alpha = KrippendorffAlpha.ofAnswers(a, KrippendorffAlpha.Metric.NOMINAL);
        ItemAnswers<String> byItem = answers(regular, r -> LabelValues.name(r.label()));
        return new JobQuality.Agreement(List.of(metric(fleiss.kappa(), fleiss.subjects()),
                metric(alpha.alpha(), a.itemCount() - alpha.droppedUnits())),
                pairs(byItem, limits, "cohen_kappa", AgreementReport::cohen));
    }

    private static JobQuality.Agreement rating(JsonNode schema, List<Row> regular, Limits limits) {
        KrippendorffAlpha.Metric m = "ordinal".equals(schema.path("scale").asText())
                ? KrippendorffAlpha.Metric.ORDINAL : KrippendorffAlpha.Metric.INTERVAL;
        String name = "krippendorff_alpha_" + m.name().toLowerCase();
        ItemAnswers<Double> a = answers(regular, r -> LabelValues.number(r.label()));
        JobQuality.Metric job;
        Set<Double> distinct = new HashSet<>(a.values());
        if (distinct.size() > MAX_DISTINCT_VALUES) {
            job = new JobQuality.Metric(name, null, tooManyValues(distinct.size()), 0);
        } else {
            KrippendorffAlpha.Result<Double> r = KrippendorffAlpha.ofNumericUnits(units(a), m);
            job = metric(r.alpha(), a.itemCount() - r.droppedUnits());
        }
        return new JobQuality.Agreement(List.of(job), pairs(a, limits, name, (x, y) -> {
            double[][] coders = new double[2][x.size()];
            for (int i = 0; i < x.size(); i++) {
                coders[0][i] = x.get(i);
                coders[1][i] = y.get(i);
            }
            return KrippendorffAlpha.of(coders, m).alpha();
        }));
    }

    private static <T> JobQuality.Metric alpha(ItemAnswers<T> a, java.util.function.ToDoubleBiFunction<T, T> distance,
            String name) {
        Set<T> distinct = new HashSet<>(a.values());
        if (distinct.size() > MAX_DISTINCT_VALUES) {
            return new JobQuality.Metric(name, null, tooManyValues(distinct.size()), 0);
        }
        KrippendorffAlpha.Result<T> r = KrippendorffAlpha.ofUnits(units(a), distance);
        Coefficient c = r.alpha();
        return new JobQuality.Metric(name, c.orNull(), c.undefinedReason(), a.itemCount() - r.droppedUnits());
    }

    private static String tooManyValues(int n) {
        return n + " distinct values; the report computes alpha up to " + MAX_DISTINCT_VALUES;
    }

    private static <T> Coefficient twoCoderAlpha(List<T> x, List<T> y,
            java.util.function.ToDoubleBiFunction<T, T> distance, String name) {
        List<List<T>> units = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            units.add(List.of(x.get(i), y.get(i)));
        }
        Coefficient c = KrippendorffAlpha.ofUnits(units, distance).alpha();
        return new Coefficient(name, c.value(), c.undefinedReason());
    }

    private static <T> JobQuality.Agreement matched(MatchedF1.JobF1 job, ItemAnswers<List<T>> a, Limits limits,
            String metric, BiFunction<List<T>, List<T>, MatchedF1.Counts> count) {
        int pairsWithShared = job.pairs().size();
        List<JobQuality.Metric> metrics = List.of(
                new JobQuality.Metric(metric + "_mean", job.meanF1().orNull(), job.meanF1().undefinedReason(),
                        pairsWithShared),
                new JobQuality.Metric(metric + "_pooled", job.pooledF1().orNull(), job.pooledF1().undefinedReason(),
                        pairsWithShared));
        return new JobQuality.Agreement(metrics, pairs(a, limits, metric, (x, y) -> {
            MatchedF1.Counts c = MatchedF1.Counts.ZERO;
            for (int i = 0; i < x.size(); i++) {
                c = c.plus(count.apply(x.get(i), y.get(i)));
            }
            return c.f1(metric);
        }));
    }

    private static JobQuality.Metric meanSimilarity(ItemAnswers<String> a) {
        double sum = 0;
        long n = 0;
        int[] wo = a.workerOf();
        for (int t = 0; t < a.itemCount(); t++) {
            for (int r1 = a.itemStart(t); r1 < a.itemStart(t + 1); r1++) {
                for (int r2 = r1 + 1; r2 < a.itemStart(t + 1); r2++) {
                    if (wo[r1] != wo[r2]) {
                        sum += 1 - EditDistance.normalized(a.value(r1), a.value(r2));
                        n++;
                    }
                }
            }
        }
        return n == 0 ? new JobQuality.Metric("text_similarity", null, "no item has two answers", 0)
                : new JobQuality.Metric("text_similarity", sum / n, null, (int) Math.min(Integer.MAX_VALUE, n));
    }

    private static Coefficient similarity(List<String> x, List<String> y) {
        double sum = 0;
        for (int i = 0; i < x.size(); i++) {
            sum += 1 - EditDistance.normalized(x.get(i), y.get(i));
        }
        return Coefficient.of("text_similarity", sum / x.size());
    }

    private static Coefficient cohen(List<String> x, List<String> y) {
        return CohenKappa.of(x, y, CohenKappa.Weights.NONE).kappa();
    }

    private static JobQuality.Metric metric(Coefficient c, int items) {
        return new JobQuality.Metric(c.metric(), c.orNull(), c.undefinedReason(), items);
    }

    private static <V> ItemAnswers<V> answers(List<Row> rows, Function<Row, V> value) {
        ItemAnswers.Builder<V> b = ItemAnswers.builder();
        rows.forEach(r -> b.add(Long.toString(r.item()), r.worker(), value.apply(r)));
        return b.build();
    }

    private static <V> List<List<V>> units(ItemAnswers<V> a) {
        List<List<V>> units = new ArrayList<>(a.itemCount());
        for (int t = 0; t < a.itemCount(); t++) {
            List<V> u = new ArrayList<>(a.itemSize(t));
            for (int r = a.itemStart(t); r < a.itemStart(t + 1); r++) {
                u.add(a.value(r));
            }
            units.add(u);
        }
        return units;
    }

    /**
     * Per pair of workers: the pairs with at least {@code minSharedItems} shared items, most shared
     * first (then worker ids), at most {@code maxPairs}, each with {@code metric} over their shared items.
     */
    static <V> JobQuality.Pairs pairs(ItemAnswers<V> a, Limits limits, String metric,
            BiFunction<List<V>, List<V>, Coefficient> of) {
        int nw = a.workerCount();
        int[] wo = a.workerOf();
        long answerPairs = 0;
        for (int t = 0; t < a.itemCount(); t++) {
            long k = a.itemSize(t);
            answerPairs += k * (k - 1) / 2;
        }
        if (answerPairs > MAX_ANSWER_PAIRS) {
            return new JobQuality.Pairs(metric, limits.minSharedItems(), limits.maxPairs(), null, List.of(),
                    answerPairs + " pairs of answers on shared items; the report compares workers up to "
                            + MAX_ANSWER_PAIRS);
        }
        Map<Long, int[]> shared = new HashMap<>();
        for (int t = 0; t < a.itemCount(); t++) {
            for (int r1 = a.itemStart(t); r1 < a.itemStart(t + 1); r1++) {
                for (int r2 = r1 + 1; r2 < a.itemStart(t + 1); r2++) {
                    if (wo[r1] != wo[r2]) {
                        shared.computeIfAbsent(key(wo[r1], wo[r2], nw), x -> new int[1])[0]++;
                    }
                }
            }
        }
        List<Map.Entry<Long, int[]>> eligible = new ArrayList<>();
        for (Map.Entry<Long, int[]> e : shared.entrySet()) {
            if (e.getValue()[0] >= limits.minSharedItems()) {
                eligible.add(e);
            }
        }
        eligible.sort(Comparator.<Map.Entry<Long, int[]>>comparingInt(e -> -e.getValue()[0])
                .thenComparing(e -> a.worker((int) (e.getKey() / nw)))
                .thenComparing(e -> a.worker((int) (e.getKey() % nw))));
        Map<Long, List<List<V>>> chosen = new LinkedHashMap<>();
        for (Map.Entry<Long, int[]> e : eligible.subList(0, Math.min(limits.maxPairs(), eligible.size()))) {
            chosen.put(e.getKey(), List.of(new ArrayList<>(), new ArrayList<>()));
        }
        for (int t = 0; t < a.itemCount() && !chosen.isEmpty(); t++) {
            for (int r1 = a.itemStart(t); r1 < a.itemStart(t + 1); r1++) {
                for (int r2 = r1 + 1; r2 < a.itemStart(t + 1); r2++) {
                    if (wo[r1] == wo[r2]) {
                        continue;
                    }
                    List<List<V>> sides = chosen.get(key(wo[r1], wo[r2], nw));
                    if (sides != null) {
                        boolean inOrder = wo[r1] < wo[r2];
                        sides.get(0).add(a.value(inOrder ? r1 : r2));
                        sides.get(1).add(a.value(inOrder ? r2 : r1));
                    }
                }
            }
        }
        List<JobQuality.Pair> out = new ArrayList<>();
        for (Map.Entry<Long, List<List<V>>> e : chosen.entrySet()) {
            List<V> x = e.getValue().get(0);
            Coefficient c = of.apply(x, e.getValue().get(1));
            out.add(new JobQuality.Pair(a.worker((int) (e.getKey() / nw)), a.worker((int) (e.getKey() % nw)), x.size(),
                    c.orNull(), c.undefinedReason()));
        }
        return new JobQuality.Pairs(metric, limits.minSharedItems(), limits.maxPairs(), eligible.size(), out, null);
    }

    private static long key(int w1, int w2, int nw) {
        return w1 < w2 ? (long) w1 * nw + w2 : (long) w2 * nw + w1;
    }

    /**
     * How often each answer was given: per label for categorical, pairwise and multi-label (a set
     * counts each of its labels), per value for ratings, per box or span label for boxes and spans.
     * Shares are of all counted answers (for boxes and spans, of all boxes or spans). Transcription
     * has none.
     */
    public static List<JobQuality.LabelCount> distribution(String kind, JsonNode schema, List<Row> rows) {
        Map<JsonNode, long[]> counts = new LinkedHashMap<>();
        long answers = 0;
        if (LabelValues.CATEGORICAL.equals(kind) || LabelValues.MULTI_LABEL.equals(kind)
                || LabelValues.BOXES.equals(kind) || LabelValues.SPANS.equals(kind)) {
            schema.path("labels").forEach(l -> counts.put(l, new long[1])); // labels nobody chose count 0
        }
        for (Row r : rows) {
            if (r.gold()) {
                continue;
            }
            switch (kind) {
                case LabelValues.CATEGORICAL, LabelValues.PAIRWISE, LabelValues.RATING -> {
                    counts.computeIfAbsent(r.label(), x -> new long[1])[0]++;
                    answers++;
                }
                case LabelValues.MULTI_LABEL -> {
                    r.label().forEach(l -> counts.computeIfAbsent(l, x -> new long[1])[0]++);
                    answers++;
                }
                case LabelValues.BOXES, LabelValues.SPANS -> r.label().forEach(b -> {
                    counts.computeIfAbsent(b.path("label"), x -> new long[1])[0]++;
                });
                default -> {
                    return List.of();
                }
            }
            if (LabelValues.BOXES.equals(kind) || LabelValues.SPANS.equals(kind)) {
                answers += r.label().size();
            }
        }
        long total = answers;
        List<JobQuality.LabelCount> out = new ArrayList<>();
        counts.forEach((label, n) -> out.add(new JobQuality.LabelCount(label, n[0], total == 0 ? 0 : (double) n[0] / total)));
        if (LabelValues.RATING.equals(kind)) {
            out.sort(Comparator.comparingDouble(c -> c.label().asDouble()));
        }
        return out;
    }

    /** The kind's merge over every counted label (gold items fixed to their answers) and its per-worker skill. */
    private static JobQuality.Model kindModel(String kind, JsonNode schema, List<Row> rows, Map<Long, JsonNode> gold,
            Limits limits) {
        io.tessera.quality.aggregation.MergedLabels<?> merged;
        ItemAnswers<?> a;
        switch (kind) {
            case LabelValues.RATING -> {
                ItemAnswers<Double> x = answers(rows, r -> LabelValues.number(r.label()));
                Map<String, Double> g = new HashMap<>();
                gold.forEach((t, v) -> g.put(Long.toString(t), LabelValues.number(v)));
                merged = new io.tessera.quality.aggregation.numeric.NumericMedian().fit(x, g);
                a = x;
            }
            case LabelValues.MULTI_LABEL -> {
                ItemAnswers<Set<String>> x = answers(rows, r -> LabelValues.set(r.label()));
                List<String> names = new ArrayList<>();
                schema.path("labels").forEach(l -> names.add(l.asText()));
                x.values().forEach(v -> v.stream().filter(l -> !names.contains(l)).forEach(names::add));
                Map<String, Set<String>> g = new HashMap<>();
                gold.forEach((t, v) -> g.put(Long.toString(t), LabelValues.set(v)));
                merged = new io.tessera.quality.aggregation.multilabel.PerLabelBinary()
                        .selecting(schema.path("minSelected").asInt(0), schema.path("maxSelected").asInt(Integer.MAX_VALUE))
                        .fit(x, names, g);
                a = x;
            }
            case LabelValues.BOXES -> {
                ItemAnswers<List<Box>> x = answers(rows, r -> LabelValues.boxes(r.label()));
                Map<String, List<Box>> g = new HashMap<>();
                gold.forEach((t, v) -> g.put(Long.toString(t), LabelValues.boxes(v)));
                merged = new io.tessera.quality.aggregation.boxes.BoxMerge().fit(x, g);
                a = x;
            }
            case LabelValues.SPANS -> {
                ItemAnswers<List<Span>> x = answers(rows, r -> LabelValues.spans(r.label()));
                Map<String, List<Span>> g = new HashMap<>();
                gold.forEach((t, v) -> g.put(Long.toString(t), LabelValues.spans(v)));
                merged = new io.tessera.quality.aggregation.spans.SpanVoting()
                        .allowingOverlap(schema.path("allowOverlap").asBoolean(false)).fit(x, g);
                a = x;
            }
            case LabelValues.TRANSCRIPTION -> {
                ItemAnswers<String> x = answers(rows, r -> LabelValues.text(r.label()));
                Map<String, String> g = new HashMap<>();
                gold.forEach((t, v) -> g.put(Long.toString(t), LabelValues.text(v)));
                merged = new io.tessera.quality.aggregation.text.RoverTranscription().fit(x, g);
                a = x;
            }
            default -> {
                return null;
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int w = 0; w < a.workerCount(); w++) {
            order.add(w);
        }
        ItemAnswers<?> fitted = a;
        order.sort(Comparator.<Integer>comparingInt(w -> -fitted.workerSize(w)).thenComparing(fitted::worker));
        List<JobQuality.WorkerModel> workers = new ArrayList<>();
        for (int w : order.subList(0, Math.min(limits.maxWorkers(), order.size()))) {
            double skill = merged.skill(w);
            workers.add(new JobQuality.WorkerModel(a.worker(w), a.workerSize(w), Double.isNaN(skill) ? null : skill, null));
        }
        return new JobQuality.Model(merged.algorithm(), merged.skillMeaning(), false, null, List.of(), null, null,
                a.workerCount(), limits.maxWorkers(), workers);
    }

    /**
     * Per worker, the job's batch model: skill and confusion matrix ([true label][given label], rows
     * sum to 1), for nominal kinds; the {@code maxWorkers} workers with the most labels, most first.
     * Gold items are clamped to their answers, as in batch merges. The other kinds: their merge's
     * per-worker skill ({@link #kindModel}).
     */
    public static JobQuality.Model model(String kind, JsonNode schema, List<Row> rows, Map<Long, JsonNode> gold,
            Aggregator algorithm, Limits limits) {
        if (rows.isEmpty()) {
            return null;
        }
        if (!LabelValues.isNominal(kind)) {
            return kindModel(kind, schema, rows, gold, limits);
        }
        Answers.Builder b = Answers.builder().duplicates(Answers.Duplicates.KEEP_LAST);
        List<String> declared = new ArrayList<>();
        schema.path("labels").forEach(l -> declared.add(l.asText()));
        Map<String, String> goldNames = new HashMap<>();
        gold.forEach((item, answer) -> goldNames.put(Long.toString(item), LabelValues.name(answer)));
        declared.addAll(goldNames.values());
        b.declareLabels(declared);
        rows.forEach(r -> b.add(Long.toString(r.item()), r.worker(), LabelValues.name(r.label())));
        Answers a = b.build();
        goldNames.keySet().retainAll(new HashSet<>(a.items()));
        AggregationResult result = algorithm.fit(a, GoldLabels.of(a, goldNames));
        List<Integer> order = new ArrayList<>();
        for (int w = 0; w < a.workerCount(); w++) {
            order.add(w);
        }
        order.sort(Comparator.<Integer>comparingInt(w -> -a.workerSize(w)).thenComparing(a::worker));
        List<JobQuality.WorkerModel> workers = new ArrayList<>();
        for (int w : order.subList(0, Math.min(limits.maxWorkers(), order.size()))) {
            double skill = result.skill(w);
            workers.add(new JobQuality.WorkerModel(a.worker(w), a.workerSize(w), Double.isNaN(skill) ? null : skill,
                    result.confusion(w)));
        }
        List<JsonNode> labels = a.labels().stream().map(l -> (JsonNode) JsonNodeFactory.instance.textNode(l)).toList();
        return new JobQuality.Model(algorithm.name(), result.skillMeaning(), result.hasModelConfusion(),
                result.priors().orElse(null), labels, result.iterations(), result.converged(), a.workerCount(),
                limits.maxWorkers(), workers);
    }
}
