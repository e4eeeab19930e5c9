package io.tessera.quality.aggregation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * MACE (Hovy et al., NAACL 2013), following Crowd-Kit's {@code MACE}: on each item a worker either knows and gives
 * the true label, or spams and draws a label from their own strategy distribution. Fitted by EM ({@code EM}, with
 * additive smoothing 0.01 / K) or variational Bayes ({@code VB}, Beta(alpha, beta) prior on spamming and a symmetric
 * Dirichlet(10) prior on strategies), from {@code restarts} random starts; the start with the best log marginal
 * likelihood wins. Random starts draw uniform(1, 2.5) weights from one {@link SplittableRandom} seeded with
 * {@code seed}, so results are deterministic. (Crowd-Kit re-seeds every restart with the same state, so its restarts
 * are identical; here each restart gets new draws.) Gold items are conditioned on their label in every E-step.
 *
 * @param restarts      random restarts (10)
 * @param maxIterations EM / VB iterations per restart (50)
 * @param method        {@link Method#VB} (default) or {@link Method#EM}
 * @param defaultNoise  width of the initial uniform draws: uniform(1, 1 + defaultNoise) (0.5)
 * @param alpha         Beta prior on the spamming count (0.5)
 * @param beta          Beta prior on the knowing count (0.5)
 * @param seed          random seed (0)
 */
public record Mace(int restarts, int maxIterations, Method method, double defaultNoise, double alpha, double beta,
                   long seed) implements Aggregator {

    /** Parameter update of the M-step. */
    public enum Method {
        EM, VB
    }

    public Mace() {
        this(10, 50, Method.VB, 0.5, 0.5, 0.5, 0);
    }

    public Mace(int restarts, int maxIterations, Method method) {
        this(restarts, maxIterations, method, 0.5, 0.5, 0.5, 0);
    }

    @Override
    public String name() {
        return "mace";
    }

    @Override
    public AggregationResult fit(Answers a, GoldLabels gold) {
        int nw = a.workerCount();
        int k = a.labelCount();
        SplittableRandom random = new SplittableRandom(seed);
        State best = null;
        State s = new State(a, gold);
        for (int restart = 0; restart < Math.max(1, restarts); restart++) {
            s.initialize(random, 1.0, 1.0 + defaultNoise);
            double ll = s.eStep();
            for (int i = 0; i < maxIterations; i++) {
                if (method == Method.VB) {
                    s.variationalMStep(alpha, beta, 10.0);
                } else {
                    s.mStep(0.01 / k);
                }
                ll = s.eStep();
            }
            if (best == null || ll > best.logLikelihood) {
                best = s.copyParameters(ll);
            }
        }
        s.spamming = best.spamming;
        s.thetas = best.thetas;
        s.eStep();
        double[] posteriors = s.posteriors();
        double[] skills = new double[nw];
        double[] confusion = new double[nw * k * k];
        for (int w = 0; w < nw; w++) {
            double spam = s.spamming[w * 2];
            double know = s.spamming[w * 2 + 1];
            skills[w] = know;
            for (int c = 0; c < k; c++) {
                for (int l = 0; l < k; l++) {
                    confusion[(w * k + c) * k + l] = spam * s.thetas[w * k + l] + (l == c ? know : 0);
                }
            }
        }
        return AggregationResult.builder(name(), a, posteriors)
                .skills(skills, "MACE competence: probability that the worker knows (does not spam) on an item")
                .confusion(confusion)
                .iterations(maxIterations, false)
                .build();
    }

    /** Parameters, expected counts and scratch arrays of one fit. */
    private static final class State {
        private final Answers a;
        private final GoldLabels gold;
        private final int nw;
        private final int ni;
        private final int k;
        /** spamming[w * 2]: P(spam), spamming[w * 2 + 1]: P(knows). */
        private double[] spamming;
        /** thetas[w * K + l]: P(label l | spamming). */
        private double[] thetas;
        private final double[] g;
        private final double[] z;
        private final double[] knowingCounts;
        private final double[] strategyCounts;
        private double logLikelihood;

        State(Answers a, GoldLabels gold) {
            this.a = a;
            this.gold = gold;
            this.nw = a.workerCount();
            this.ni = a.itemCount();
            this.k = a.labelCount();
            this.spamming = new double[nw * 2];
            this.thetas = new double[nw * k];
            this.g = new double[ni * k];
            this.z = new double[ni];
            this.knowingCounts = new double[nw * 2];
            this.strategyCounts = new double[nw * k];
        }

        void initialize(SplittableRandom random, double lo, double hi) {
            for (int i = 0; i < spamming.length; i++) {
                spamming[i] = random.nextDouble(lo, hi);
            }
            for (int i = 0; i < thetas.length; i++) {
                thetas[i] = random.nextDouble(lo, hi);
            }
            Posteriors.normalizeRows(spamming, nw, 2);
            Posteriors.normalizeRows(thetas, nw, k);
        }

        State copyParameters(double ll) {
            State c = new State(a, gold);
            c.spamming = spamming.clone();
            c.thetas = thetas.clone();
            c.logLikelihood = ll;
            return c;
        }

        /**
         * Fills g (item-label joint, scaled per item), z (its row sums) and the expected counts; returns the log
         * marginal likelihood sum_t log(P(answers of t) + 1e-8), as Crowd-Kit.
         */
        double eStep() {
            int[] wo = a.workerOf();
            int[] la = a.labelOf();
            int[] start = a.itemOffsets();
            double logK = Math.log(Math.max(1, k));
            double ll = 0;
            Arrays.fill(knowingCounts, 0.0);
            Arrays.fill(strategyCounts, 0.0);
            for (int t = 0; t < ni; t++) {
                int gb = t * k;
                Arrays.fill(g, gb, gb + k, -logK);
                for (int r = start[t]; r < start[t + 1]; r++) {
                    int w = wo[r];
                    int l = la[r];
                    double spamPart = spamming[w * 2] * thetas[w * k + l];
                    double logOther = Math.log(spamPart);
                    double logSame = Math.log(spamPart + spamming[w * 2 + 1]);
                    for (int c = 0; c < k; c++) {
                        g[gb + c] += c == l ? logSame : logOther;
                    }
                }
                int known = gold.labelOf(t);
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    max = Math.max(max, g[gb + c]);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    double v = Math.exp(g[gb + c] - max);
                    g[gb + c] = v;
                    sum += v;
                }
                double logZ = max + Math.log(sum);
                ll += logAddExp(logZ, Math.log(1e-8));
                if (known >= 0) {
                    for (int c = 0; c < k; c++) {
                        if (c != known) {
                            g[gb + c] = 0;
                        }
                    }
                    sum = g[gb + known];
                }
                z[t] = sum;
                for (int r = start[t]; r < start[t + 1]; r++) {
                    int w = wo[r];
                    int l = la[r];
                    double spamPart = spamming[w * 2] * thetas[w * k + l];
                    double know = spamming[w * 2 + 1];
                    double spam = 0;
                    for (int c = 0; c < k; c++) {
                        spam += g[gb + c] / (spamPart + (c == l ? know : 0));
                    }
                    spam = spam * spamPart / sum;
                    double knowing = g[gb + l] * know / (spamPart + know) / sum;
                    strategyCounts[w * k + l] += spam;
                    knowingCounts[w * 2] += spam;
                    knowingCounts[w * 2 + 1] += knowing;
                }
            }
            return ll;
        }

        void mStep(double smoothing) {
            normalize(knowingCounts, spamming, nw, 2, smoothing);
            normalize(strategyCounts, thetas, nw, k, smoothing);
        }

        void variationalMStep(double alpha, double beta, double strategyPrior) {
            for (int w = 0; w < nw; w++) {
                double a0 = knowingCounts[w * 2] + alpha;
                double a1 = knowingCounts[w * 2 + 1] + beta;
                double norm = Math.exp(digamma(a0 + a1));
                spamming[w * 2] = Math.exp(digamma(a0)) / norm;
                spamming[w * 2 + 1] = Math.exp(digamma(a1)) / norm;
                double total = 0;
                for (int l = 0; l < k; l++) {
                    total += strategyCounts[w * k + l] + strategyPrior;
                }
                double tn = Math.exp(digamma(total));
                for (int l = 0; l < k; l++) {
                    thetas[w * k + l] = Math.exp(digamma(strategyCounts[w * k + l] + strategyPrior)) / tn;
                }
            }
        }

        double[] posteriors() {
            double[] p = new double[ni * k];
            for (int t = 0; t < ni; t++) {
                for (int c = 0; c < k; c++) {
                    p[t * k + c] = g[t * k + c] / z[t];
                }
            }
            return p;
        }

        private static void normalize(double[] counts, double[] out, int rows, int cols, double smoothing) {
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int c = 0; c < cols; c++) {
                    s += counts[r * cols + c] + smoothing;
                }
                for (int c = 0; c < cols; c++) {
                    out[r * cols + c] = s == 0 ? 0 : (counts[r * cols + c] + smoothing) / s;
                }
            }
        }
    }

    private static double logAddExp(double x, double y) {
        double m = Math.max(x, y);
        return m + Math.log(Math.exp(x - m) + Math.exp(y - m));
    }

    /** Digamma function: recurrence up to 10, then the asymptotic series (error below 1e-13). */
    static double digamma(double x) {
        double result = 0;
        while (x < 10) {
            result -= 1 / x;
            x += 1;
        }
        double inv = 1 / x;
        double inv2 = inv * inv;
        return result + Math.log(x) - 0.5 * inv
                - inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 / 132))));
    }
}
