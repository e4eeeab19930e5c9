package io.tessera.quality.aggregation.multilabel;

import io.tessera.quality.aggregation.AggregationResult;
import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.AnswersMergedLabels;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The result of {@link PerLabelBinary}: per item the merged label set (in the job's label order) and P(label applies)
 * for every label; per worker and label a sensitivity and a specificity; per worker an overall skill.
 */
public final class MultiLabelResult extends AnswersMergedLabels<Set<String>, Set<String>> {

    private final List<String> labels;
    private final double[] posterior;
    private final boolean[] selected;
    private final double[] sensitivity;
    private final double[] specificity;
    private final AggregationResult[] perLabel;
    private final double threshold;
    private final double[] skill;

    MultiLabelResult(String algorithm, ItemAnswers<Set<String>> answers, List<String> labels, double[] posterior,
                     boolean[] selected, double[] sensitivity, double[] specificity, AggregationResult[] perLabel,
                     double threshold) {
        super(algorithm, answers);
        this.labels = labels;
        this.posterior = posterior;
        this.selected = selected;
        this.sensitivity = sensitivity;
        this.specificity = specificity;
        this.perLabel = perLabel;
        this.threshold = threshold;
        this.skill = jaccardSkills();
    }



    /** The label space, in output order. */
    public List<String> labels() {
        return labels;
    }





    /** The merged set of item t, in label order (unmodifiable). */
    @Override
    public Set<String> answer(int t) {
        Set<String> s = new LinkedHashSet<>();
        int n = labels.size();
        for (int k = 0; k < n; k++) {
            if (selected[t * n + k]) {
                s.add(labels.get(k));
            }
        }
        return Collections.unmodifiableSet(s);
    }

    /** Whether label k is in item t's merged set. */
    public boolean isSelected(int t, int k) {
        return selected[t * labels.size() + k];
    }

    /** P(label k applies to item t). */
    public double posterior(int t, int k) {
        return posterior[t * labels.size() + k];
    }

    /** P(label applies) for every label of an item, in label order; empty if the item had no answers. */
    public Map<String, Double> posterior(String item) {
        int t = itemId(item);
        Map<String, Double> m = new LinkedHashMap<>();
        if (t >= 0) {
            for (int k = 0; k < labels.size(); k++) {
                m.put(labels.get(k), posterior(t, k));
            }
        }
        return m;
    }

    /** Labels of item t whose posterior is exactly the threshold (for example MV ties), which were not selected. */
    public Set<String> undecided(int t) {
        Set<String> s = new LinkedHashSet<>();
        for (int k = 0; k < labels.size(); k++) {
            if (posterior(t, k) == threshold) {
                s.add(labels.get(k));
            }
        }
        return s;
    }

    /**
     * Product over labels of P(the keep/drop decision is right): the probability that the whole set is right when
     * labels are independent given the item.
     */
    @Override
    public double confidence(int t) {
        double c = 1;
        for (int k = 0; k < labels.size(); k++) {
            double p = posterior(t, k);
            c *= isSelected(t, k) ? p : 1 - p;
        }
        return c;
    }

    /** P(label k's decision on item t is right). */
    public double labelConfidence(int t, int k) {
        double p = posterior(t, k);
        return isSelected(t, k) ? p : 1 - p;
    }

    /** P(worker w selects label k | it applies), from the label's binary model; NaN for unmodelled labels. */
    public double sensitivity(int w, int k) {
        return sensitivity[w * labels.size() + k];
    }

    /** P(worker w leaves label k out | it does not apply); NaN for unmodelled labels. */
    public double specificity(int w, int k) {
        return specificity[w * labels.size() + k];
    }

    /** The binary merge of label k ("0"/"1" labels, same item names), or empty when nobody chose the label. */
    public Optional<AggregationResult> perLabel(int k) {
        return Optional.ofNullable(perLabel[k]);
    }

    @Override
    public double skill(int w) {
        return skill[w];
    }

    @Override
    public String confidenceMeaning() {
        return "probability that the whole merged set is right: product over labels of P(keep/drop decision right)";
    }

    @Override
    public String skillMeaning() {
        return "mean Jaccard similarity between the worker's sets and the merged sets (1 for two empty sets)";
    }

    private double[] jaccardSkills() {
        int nw = answers().workerCount();
        double[] sum = new double[nw];
        int[] n = new int[nw];
        int[] it = answers().itemOf();
        int[] wo = answers().workerOf();
        int nl = labels.size();
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int k = 0; k < nl; k++) {
            index.put(labels.get(k), k);
        }
        for (int r = 0; r < it.length; r++) {
            Set<String> s = answers().value(r);
            int inter = 0;
            int merged = 0;
            for (int k = 0; k < nl; k++) {
                merged += selected[it[r] * nl + k] ? 1 : 0;
            }
            for (String l : s) {
                inter += selected[it[r] * nl + index.get(l)] ? 1 : 0;
            }
            int union = s.size() + merged - inter;
            sum[wo[r]] += union == 0 ? 1.0 : (double) inter / union;
            n[wo[r]]++;
        }
        double[] out = new double[nw];
        for (int w = 0; w < nw; w++) {
            out[w] = n[w] == 0 ? Double.NaN : sum[w] / n[w];
        }
        return out;
    }
}
