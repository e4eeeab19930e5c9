package io.tessera.quality.aggregation.multilabel;

import io.tessera.quality.aggregation.AggregationResult;
import io.tessera.quality.aggregation.Aggregator;
import io.tessera.quality.aggregation.Answers;
import io.tessera.quality.aggregation.DawidSkene;
import io.tessera.quality.aggregation.GoldLabels;
import io.tessera.quality.aggregation.ItemAnswers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Multi-label merge by per-label binary models: every label of the job becomes its own yes/no categorical task (a
 * worker who answered the item says "1" if the label is in their set, "0" if not) and is merged by any categorical
 * {@link Aggregator} (Dawid-Skene by default, so each worker gets a sensitivity and a specificity per label). The
 * merged set holds the labels whose posterior P(label applies) is above {@code threshold} (a posterior exactly at
 * the threshold, such as an MV tie at 0.5, is not selected), then is cut to the {@code maxSelected} most probable
 * labels or filled up to {@code minSelected} with the next most probable ones (ties by label order).
 *
 * <p>Labels are treated as independent given the item, so {@link MultiLabelResult#confidence(int)}, the product over
 * labels of the probability that each keep/drop decision is right, is the probability that the whole set is right
 * under the model. Labels no worker chose on any item are not modelled: posterior 0, decision "no", factor 1.
 *
 * @param binary      the categorical aggregator run once per label
 * @param threshold   selection threshold on P(label applies), in [0, 1) (default 0.5)
 * @param minSelected the schema's minSelected (default 0)
 * @param maxSelected the schema's maxSelected (default unbounded)
 */
public record PerLabelBinary(Aggregator binary, double threshold, int minSelected, int maxSelected) {

    /** Label name of "applies" in the binary tasks; "0" sorts first, so binary ties go to "does not apply". */
    static final String YES = "1";
    static final String NO = "0";

    /** Dawid-Skene per label, threshold 0.5, no size limits. */
    public PerLabelBinary() {
        this(new DawidSkene(), 0.5, 0, Integer.MAX_VALUE);
    }

    public PerLabelBinary(Aggregator binary) {
        this(binary, 0.5, 0, Integer.MAX_VALUE);
    }

    public PerLabelBinary {
        Objects.requireNonNull(binary, "binary");
        if (!(threshold >= 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1): " + threshold);
        }
        if (minSelected < 0 || maxSelected < minSelected) {
            throw new IllegalArgumentException("need 0 <= minSelected <= maxSelected: " + minSelected + ", " + maxSelected);
        }
    }

    /** The same with the schema's size limits. */
    public PerLabelBinary selecting(int min, int max) {
        return new PerLabelBinary(binary, threshold, min, max);
    }

    public String name() {
        return "per-label-" + binary.name();
    }

    /** Fits over the labels workers used (sorted), without gold. */
    public MultiLabelResult fit(ItemAnswers<Set<String>> answers) {
        return fit(answers, List.of(), Map.of());
    }

    /**
     * Fits.
     *
     * @param answers one label set per (item, worker); an empty set means "none apply" and is an answer
     * @param labels  the job's labels (their order is the output order; labels workers used that are not listed
     *                are appended in sorted order)
     * @param gold    known label sets of some items; each clamps every per-label model
     */
    public MultiLabelResult fit(ItemAnswers<Set<String>> answers, Collection<String> labels,
                                Map<String, ? extends Set<String>> gold) {
        List<String> labelList = new ArrayList<>(labels);
        Map<String, Integer> labelIndex = new HashMap<>();
        for (String l : labelList) {
            if (labelIndex.putIfAbsent(Objects.requireNonNull(l), labelIndex.size()) != null) {
                throw new IllegalArgumentException("label listed twice: " + l);
            }
        }
        TreeSet<String> extra = new TreeSet<>();
        boolean[] used = new boolean[labelList.size()];
        for (Set<String> s : answers.values()) {
            for (String l : s) {
                Integer k = labelIndex.get(l);
                if (k == null) {
                    extra.add(l);
                } else {
                    used[k] = true;
                }
            }
        }
        for (String l : extra) {
            labelIndex.put(l, labelList.size());
            labelList.add(l);
        }
        for (Map.Entry<String, ? extends Set<String>> e : gold.entrySet()) {
            for (String l : e.getValue()) {
                if (!labelIndex.containsKey(l)) {
                    throw new IllegalArgumentException("gold label '" + l + "' of item '" + e.getKey()
                            + "' is not in the label space " + labelList + "; list it in labels");
                }
            }
        }
        int nLabels = labelList.size();
        int nItems = answers.itemCount();
        int nw = answers.workerCount();
        double[] posterior = new double[nItems * nLabels];
        double[] sensitivity = new double[nw * nLabels];
        double[] specificity = new double[nw * nLabels];
        java.util.Arrays.fill(sensitivity, Double.NaN);
        java.util.Arrays.fill(specificity, Double.NaN);
        AggregationResult[] perLabel = new AggregationResult[nLabels];
        // row r of the binary tasks: bit k of the row's set, as a label index list per row
        int[][] rowLabels = new int[answers.size()][];
        for (int r = 0; r < rowLabels.length; r++) {
            Set<String> s = answers.value(r);
            int[] ks = new int[s.size()];
            int j = 0;
            for (String l : s) {
                ks[j++] = labelIndex.get(l);
            }
            rowLabels[r] = ks;
        }
        int[] it = answers.itemOf();
        int[] wo = answers.workerOf();
        int[] workerMap = null;
        boolean[] has = new boolean[nLabels];
        for (int k = 0; k < nLabels; k++) {
            if (k < used.length && !used[k]) {
                continue; // nobody chose it: posterior 0
            }
            Answers.Builder b = Answers.builder().declareLabels(List.of(NO, YES));
            for (int r = 0; r < rowLabels.length; r++) {
                boolean yes = false;
                for (int x : rowLabels[r]) {
                    yes |= x == k;
                }
                b.add(answers.item(it[r]), answers.worker(wo[r]), yes ? YES : NO);
            }
            Answers binaryAnswers = b.build();
            Map<String, String> binaryGold = new HashMap<>();
            String label = labelList.get(k);
            gold.forEach((item, set) -> binaryGold.put(item, set.contains(label) ? YES : NO));
            AggregationResult res = binary.fit(binaryAnswers, GoldLabels.of(binaryAnswers, binaryGold));
            perLabel[k] = res;
            int yesId = binaryAnswers.labelId(YES);
            for (int t = 0; t < nItems; t++) {
                // items are numbered in the same first-appearance order as in answers (rows are grouped by item)
                posterior[t * nLabels + k] = res.posterior(t, yesId);
            }
            if (workerMap == null) {
                workerMap = new int[nw];
                for (int w = 0; w < nw; w++) {
                    workerMap[w] = binaryAnswers.workerId(answers.worker(w));
                }
            }
            for (int w = 0; w < nw; w++) {
                double[][] c = res.confusion(workerMap[w]);
                sensitivity[w * nLabels + k] = c[yesId][yesId];
                specificity[w * nLabels + k] = c[1 - yesId][1 - yesId];
            }
            has[k] = true;
        }
        boolean[] selected = select(posterior, nItems, nLabels);
        // gold items keep their gold set exactly, even beyond the size limits
        List<Set<String>> goldByItem = answers.goldByItem(gold);
        for (int t = 0; t < nItems; t++) {
            Set<String> g = goldByItem.get(t);
            if (g != null) {
                for (int k = 0; k < nLabels; k++) {
                    selected[t * nLabels + k] = g.contains(labelList.get(k));
                }
            }
        }
        return new MultiLabelResult(name(), answers, List.copyOf(labelList), posterior, selected, sensitivity,
                specificity, perLabel, threshold);
    }

    private boolean[] select(double[] p, int nItems, int nLabels) {
        boolean[] sel = new boolean[p.length];
        Integer[] order = new Integer[nLabels];
        for (int t = 0; t < nItems; t++) {
            int base = t * nLabels;
            int count = 0;
            for (int k = 0; k < nLabels; k++) {
                sel[base + k] = p[base + k] > threshold;
                count += sel[base + k] ? 1 : 0;
            }
            if (count <= maxSelected && count >= minSelected) {
                continue;
            }
            for (int k = 0; k < nLabels; k++) {
                order[k] = k;
            }
            // most probable first, ties by label order (stable sort)
            java.util.Arrays.sort(order, (x, y) -> Double.compare(p[base + y], p[base + x]));
            int keep = Math.min(Math.max(count, minSelected), Math.min(maxSelected, nLabels));
            for (int j = 0; j < nLabels; j++) {
                sel[base + order[j]] = j < keep;
            }
        }
        return sel;
    }
}
