package io.tessera.quality.aggregation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The output of one {@link Aggregator#fit}: per item the label, its confidence and the posterior over all labels;
 * per worker a skill and a confusion matrix.
 *
 * <p>The label of an item is the arg-max of its posterior; exact ties go to the lowest label index (see
 * {@link Answers}), and {@link #isTie(int)} tells when that happened. The meaning of {@link #skill(int)} depends on
 * the algorithm and is given by {@link #skillMeaning()}.
 */
public final class AggregationResult {

    private final String algorithm;
    private final Answers answers;
    private final double[] posteriors;
    private final int[] labels;
    private final double[] skills;
    private final String skillMeaning;
    private final double[] confusion;
    private final boolean modelConfusion;
    private final double[] priors;
    private final double[] itemDifficulty;
    private final int iterations;
    private final boolean converged;

    private AggregationResult(Builder b) {
        this.algorithm = b.algorithm;
        this.answers = b.answers;
        this.posteriors = b.posteriors;
        this.skills = b.skills;
        this.skillMeaning = b.skillMeaning;
        this.priors = b.priors;
        this.itemDifficulty = b.itemDifficulty;
        this.iterations = b.iterations;
        this.converged = b.converged;
        int k = answers.labelCount();
        this.labels = new int[answers.itemCount()];
        for (int t = 0; t < labels.length; t++) {
            labels[t] = Posteriors.argmax(posteriors, t * k, k);
        }
        if (b.confusion != null) {
            this.confusion = b.confusion;
            this.modelConfusion = true;
        } else {
            this.confusion = softConfusion(answers, posteriors);
            this.modelConfusion = false;
        }
    }

    static Builder builder(String algorithm, Answers answers, double[] posteriors) {
        return new Builder(algorithm, answers, posteriors);
    }

    public String algorithm() {
        return algorithm;
    }

    public Answers answers() {
        return answers;
    }

    /** Number of iterations the fit ran (0 for one-pass methods). */
    public int iterations() {
        return iterations;
    }

    /** Whether an iterative fit stopped on its tolerance rather than on its iteration limit. */
    public boolean converged() {
        return converged;
    }

    /** Label id of item t. */
    public int labelIndex(int t) {
        return labels[t];
    }

    /** Label of item t. */
    public String label(int t) {
        return answers.label(labels[t]);
    }

    /** Label of an item, empty if the item had no answers. */
    public Optional<String> label(String item) {
        int t = answers.itemId(item);
        return t < 0 ? Optional.empty() : Optional.of(label(t));
    }

    /** Posterior probability of the chosen label of item t. */
    public double confidence(int t) {
        return posteriors[t * answers.labelCount() + labels[t]];
    }

    /** Posterior probability that item t has label k. */
    public double posterior(int t, int k) {
        return posteriors[t * answers.labelCount() + k];
    }

    /** Posterior of an item as label → probability, in label order; empty if the item had no answers. */
    public Map<String, Double> posterior(String item) {
        int t = answers.itemId(item);
        Map<String, Double> m = new LinkedHashMap<>();
        if (t >= 0) {
            for (int k = 0; k < answers.labelCount(); k++) {
                m.put(answers.label(k), posterior(t, k));
            }
        }
        return m;
    }

    /** A copy of item t's posterior row. */
    public double[] posteriorRow(int t) {
        int k = answers.labelCount();
        return Arrays.copyOfRange(posteriors, t * k, t * k + k);
    }

    /** Whether item t's top posterior is shared by more than one label. */
    public boolean isTie(int t) {
        return tieCount(t) > 1;
    }

    /** How many labels share item t's top posterior (1 when there is no tie). */
    public int tieCount(int t) {
        int k = answers.labelCount();
        double max = posteriors[t * k + labels[t]];
        int n = 0;
        for (int c = 0; c < k; c++) {
            if (posteriors[t * k + c] == max) {
                n++;
            }
        }
        return n;
    }

    /** Skill of worker w; see {@link #skillMeaning()}. NaN when the model has none for that worker. */
    public double skill(int w) {
        return skills[w];
    }

    /** Skill of a worker, empty if unknown. */
    public OptionalDouble skill(String worker) {
        int w = answers.workerId(worker);
        return w < 0 ? OptionalDouble.empty() : OptionalDouble.of(skills[w]);
    }

    /** What {@link #skill(int)} means for this algorithm, in one sentence. */
    public String skillMeaning() {
        return skillMeaning;
    }

    /**
     * Confusion estimate of worker w: {@code [true label][given label]} = P(worker gives label | true label). Rows
     * sum to 1. For models without confusion matrices ({@link #hasModelConfusion()} false) it is the soft count of
     * the worker's labels against the posteriors, normalised per true label (uniform where the worker has no mass).
     */
    public double[][] confusion(int w) {
        int k = answers.labelCount();
        double[][] m = new double[k][k];
        for (int c = 0; c < k; c++) {
            for (int l = 0; l < k; l++) {
                m[c][l] = confusion[(w * k + c) * k + l];
            }
        }
        return m;
    }

    /** Whether {@link #confusion(int)} comes from the model itself rather than from soft counts. */
    public boolean hasModelConfusion() {
        return modelConfusion;
    }

    /** Class priors of the model (label order), if it estimates them. */
    public Optional<double[]> priors() {
        return Optional.ofNullable(priors).map(double[]::clone);
    }

    /** Per-item difficulty parameter (GLAD's inverse difficulty exp(beta)), if the model has one. */
    public OptionalDouble itemDifficulty(int t) {
        return itemDifficulty == null ? OptionalDouble.empty() : OptionalDouble.of(itemDifficulty[t]);
    }

    /** Labels of all items as a map in item order. */
    public Map<String, String> labelMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int t = 0; t < labels.length; t++) {
            m.put(answers.item(t), label(t));
        }
        return m;
    }

    private static double[] softConfusion(Answers a, double[] p) {
        int k = a.labelCount();
        int nw = a.workerCount();
        double[] m = new double[nw * k * k];
        int[] it = a.itemOf();
        int[] wo = a.workerOf();
        int[] la = a.labelOf();
        for (int r = 0; r < it.length; r++) {
            int base = wo[r] * k * k;
            int pb = it[r] * k;
            for (int c = 0; c < k; c++) {
                m[base + c * k + la[r]] += p[pb + c];
            }
        }
        for (int w = 0; w < nw; w++) {
            for (int c = 0; c < k; c++) {
                int row = (w * k + c) * k;
                double s = 0;
                for (int l = 0; l < k; l++) {
                    s += m[row + l];
                }
                for (int l = 0; l < k; l++) {
                    m[row + l] = s > 0 ? m[row + l] / s : 1.0 / k;
                }
            }
        }
        return m;
    }

    static final class Builder {
        private final String algorithm;
        private final Answers answers;
        private final double[] posteriors;
        private double[] skills;
        private String skillMeaning = "";
        private double[] confusion;
        private double[] priors;
        private double[] itemDifficulty;
        private int iterations;
        private boolean converged = true;

        private Builder(String algorithm, Answers answers, double[] posteriors) {
            this.algorithm = algorithm;
            this.answers = answers;
            this.posteriors = posteriors;
        }

        Builder skills(double[] s, String meaning) {
            this.skills = s;
            this.skillMeaning = meaning;
            return this;
        }

        /** Confusion as flat [(worker * K + true) * K + given]. */
        Builder confusion(double[] c) {
            this.confusion = c;
            return this;
        }

        Builder priors(double[] p) {
            this.priors = p;
            return this;
        }

        Builder itemDifficulty(double[] d) {
            this.itemDifficulty = d;
            return this;
        }

        Builder iterations(int n, boolean converged) {
            this.iterations = n;
            this.converged = converged;
            return this;
        }

        AggregationResult build() {
            if (skills == null) {
                skills = new double[answers.workerCount()];
                Arrays.fill(skills, Double.NaN);
            }
            return new AggregationResult(this);
        }
    }
}
