package io.tessera.quality.aggregation;

/**
 * Dawid-Skene (1979): every worker has a full confusion matrix, fitted with EM from a majority-vote start. Follows
 * Crowd-Kit's {@code DawidSkene}: M-step soft counts clipped below at 1e-10 and normalised over the labels each worker
 * used; E-step in log space; priors are the mean posterior; the loop stops when the evidence lower bound per answer
 * gains less than {@code tolerance}, or after {@code maxIterations}. Gold items are clamped to their label after
 * every E-step (Crowd-Kit's {@code true_labels}).
 *
 * @param maxIterations maximum EM iterations (Crowd-Kit default 100)
 * @param tolerance     minimum ELBO gain per answer to go on (Crowd-Kit default 1e-5)
 */
public record DawidSkene(int maxIterations, double tolerance) implements Aggregator {

    public DawidSkene() {
        this(100, 1e-5);
    }

    public DawidSkene {
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations < 0");
        }
    }

    @Override
    public String name() {
        return "ds";
    }

    @Override
    public AggregationResult fit(Answers a, GoldLabels gold) {
        int k = a.labelCount();
        int nw = a.workerCount();
        int n = a.size();
        double[] p = Posteriors.votes(a, null);
        gold.clamp(p, k);
        double[] priors = Posteriors.columnMeans(p, a.itemCount(), k);
        boolean[] used = usedLabels(a);
        double[] err = new double[nw * k * k];
        mStep(a, p, used, err);
        double[] logErr = new double[err.length];
        double[] logPrior = new double[k];
        logs(err, logErr, priors, logPrior);
        double loss = Double.NEGATIVE_INFINITY;
        int iterations = 0;
        boolean converged = false;
        for (int i = 0; i < maxIterations; i++) {
            iterations++;
            eStep(a, logPrior, logErr, p);
            gold.clamp(p, k);
            priors = Posteriors.columnMeans(p, a.itemCount(), k);
            mStep(a, p, used, err);
            logs(err, logErr, priors, logPrior);
            double newLoss = n == 0 ? 0 : elbo(a, p, logPrior, logErr) / n;
            if (newLoss - loss < tolerance) {
                converged = true;
                break;
            }
            loss = newLoss;
        }
        double[] confusion = new double[nw * k * k];
        double[] skills = new double[nw];
        for (int w = 0; w < nw; w++) {
            for (int c = 0; c < k; c++) {
                for (int l = 0; l < k; l++) {
                    confusion[(w * k + c) * k + l] = err[(w * k + l) * k + c];
                }
                skills[w] += priors[c] * err[(w * k + c) * k + c];
            }
        }
        return AggregationResult.builder(name(), a, p)
                .skills(skills, "expected accuracy: sum over labels of prior x P(worker gives the true label)")
                .confusion(confusion)
                .priors(priors)
                .iterations(iterations, converged)
                .build();
    }

    /** used[w * K + l]: whether worker w ever gave label l (Crowd-Kit only has error rows for those). */
    static boolean[] usedLabels(Answers a) {
        int k = a.labelCount();
        boolean[] used = new boolean[a.workerCount() * k];
        int[] wo = a.workerOf();
        int[] la = a.labelOf();
        for (int r = 0; r < wo.length; r++) {
            used[wo[r] * k + la[r]] = true;
        }
        return used;
    }

    /** err[(w * K + given) * K + true] = P(given | true), normalised over the labels the worker used. */
    static void mStep(Answers a, double[] p, boolean[] used, double[] err) {
        int k = a.labelCount();
        int nw = a.workerCount();
        java.util.Arrays.fill(err, 0.0);
        int[] it = a.itemOf();
        int[] wo = a.workerOf();
        int[] la = a.labelOf();
        for (int r = 0; r < it.length; r++) {
            int base = (wo[r] * k + la[r]) * k;
            int pb = it[r] * k;
            for (int c = 0; c < k; c++) {
                err[base + c] += p[pb + c];
            }
        }
        double[] colSum = new double[k];
        for (int w = 0; w < nw; w++) {
            java.util.Arrays.fill(colSum, 0.0);
            for (int l = 0; l < k; l++) {
                if (!used[w * k + l]) {
                    continue;
                }
                int base = (w * k + l) * k;
                for (int c = 0; c < k; c++) {
                    if (err[base + c] < Posteriors.EPS) {
                        err[base + c] = Posteriors.EPS;
                    }
                    colSum[c] += err[base + c];
                }
            }
            for (int l = 0; l < k; l++) {
                if (!used[w * k + l]) {
                    continue;
                }
                int base = (w * k + l) * k;
                for (int c = 0; c < k; c++) {
                    err[base + c] /= colSum[c];
                }
            }
        }
    }

    static void logs(double[] err, double[] logErr, double[] priors, double[] logPrior) {
        for (int i = 0; i < err.length; i++) {
            logErr[i] = err[i] > 0 ? Math.log(err[i]) : 0.0; // unused cells are never read
        }
        for (int c = 0; c < priors.length; c++) {
            logPrior[c] = Math.log(Math.max(priors[c], Posteriors.EPS));
        }
    }

    /** p[t] = softmax(log prior + sum over t's answers of log P(given | true)). */
    static void eStep(Answers a, double[] logPrior, double[] logErr, double[] p) {
        int k = a.labelCount();
        int[] wo = a.workerOf();
        int[] la = a.labelOf();
        int[] start = a.itemOffsets();
        int nItems = a.itemCount();
        for (int t = 0; t < nItems; t++) {
            int pb = t * k;
            System.arraycopy(logPrior, 0, p, pb, k);
            for (int r = start[t]; r < start[t + 1]; r++) {
                int base = (wo[r] * k + la[r]) * k;
                for (int c = 0; c < k; c++) {
                    p[pb + c] += logErr[base + c];
                }
            }
            Posteriors.softmax(p, pb, k);
        }
    }

    /**
     * Crowd-Kit's evidence lower bound: sum over answers and true labels of p * (log P(given | true) + log prior),
     * plus the entropy of the posteriors (clipped at 1e-10).
     */
    static double elbo(Answers a, double[] p, double[] logPrior, double[] logErr) {
        int k = a.labelCount();
        int[] it = a.itemOf();
        int[] wo = a.workerOf();
        int[] la = a.labelOf();
        double joint = 0;
        for (int r = 0; r < it.length; r++) {
            int base = (wo[r] * k + la[r]) * k;
            int pb = it[r] * k;
            for (int c = 0; c < k; c++) {
                joint += p[pb + c] * (logErr[base + c] + logPrior[c]);
            }
        }
        double entropy = 0;
        for (double v : p) {
            double q = Math.max(v, Posteriors.EPS);
            entropy -= q * Math.log(q);
        }
        return joint + entropy;
    }
}
