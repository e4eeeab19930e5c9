package io.tessera.quality.aggregation;

/**
 * One-coin Dawid-Skene (Crowd-Kit {@code OneCoinDawidSkene}): like {@link DawidSkene}, but each worker has one skill
 * s (the posterior-weighted share of their labels that are right); P(given = true) = s and every wrong label gets
 * (1 - s) / (K - 1), clipped to [1e-10, 1 - 1e-10]. Gold items are clamped after every E-step (an extension: Crowd-Kit's
 * one-coin model takes no gold).
 *
 * @param maxIterations maximum EM iterations (100)
 * @param tolerance     minimum ELBO gain per answer to go on (1e-5)
 */
public record OneCoinDawidSkene(int maxIterations, double tolerance) implements Aggregator {

    public OneCoinDawidSkene() {
        this(100, 1e-5);
    }

    @Override
    public String name() {
        return "onecoin";
    }

    @Override
    public AggregationResult fit(Answers a, GoldLabels gold) {
        int k = a.labelCount();
        int nw = a.workerCount();
        int n = a.size();
        double[] p = Posteriors.votes(a, null);
        gold.clamp(p, k);
        double[] priors = Posteriors.columnMeans(p, a.itemCount(), k);
        double[] skills = skills(a, p);
        double[] logErr = new double[nw * k * k];
        double[] logPrior = new double[k];
        errors(skills, k, logErr, priors, logPrior);
        double loss = Double.NEGATIVE_INFINITY;
        int iterations = 0;
        boolean converged = false;
        for (int i = 0; i < maxIterations; i++) {
            iterations++;
            DawidSkene.eStep(a, logPrior, logErr, p);
            gold.clamp(p, k);
            priors = Posteriors.columnMeans(p, a.itemCount(), k);
            skills = skills(a, p);
            errors(skills, k, logErr, priors, logPrior);
            double newLoss = n == 0 ? 0 : DawidSkene.elbo(a, p, logPrior, logErr) / n;
            if (newLoss - loss < tolerance) {
                converged = true;
                break;
            }
            loss = newLoss;
        }
        double[] confusion = new double[nw * k * k];
        for (int w = 0; w < nw; w++) {
            for (int c = 0; c < k; c++) {
                for (int l = 0; l < k; l++) {
                    confusion[(w * k + c) * k + l] = Math.exp(logErr[(w * k + l) * k + c]);
                }
            }
        }
        return AggregationResult.builder(name(), a, p)
                .skills(skills, "probability that the worker gives the true label (one coin for all labels)")
                .confusion(confusion)
                .priors(priors)
                .iterations(iterations, converged)
                .build();
    }

    /** Mean over each worker's answers of the posterior of the label they gave. */
    static double[] skills(Answers a, double[] p) {
        int k = a.labelCount();
        double[] s = new double[a.workerCount()];
        double[] n = new double[a.workerCount()];
        int[] it = a.itemOf();
        int[] wo = a.workerOf();
        int[] la = a.labelOf();
        for (int r = 0; r < it.length; r++) {
            s[wo[r]] += p[it[r] * k + la[r]];
            n[wo[r]]++;
        }
        for (int w = 0; w < s.length; w++) {
            s[w] = n[w] > 0 ? s[w] / n[w] : Double.NaN;
        }
        return s;
    }

    private static void errors(double[] skills, int k, double[] logErr, double[] priors, double[] logPrior) {
        double lo = Posteriors.EPS;
        double hi = 1 - Posteriors.EPS;
        for (int w = 0; w < skills.length; w++) {
            double s = skills[w];
            double right = Math.log(Math.min(hi, Math.max(lo, s)));
            double wrong = Math.log(Math.min(hi, Math.max(lo, k > 1 ? (1 - s) / (k - 1) : 0)));
            for (int l = 0; l < k; l++) {
                int base = (w * k + l) * k;
                for (int c = 0; c < k; c++) {
                    logErr[base + c] = l == c ? right : wrong;
                }
            }
        }
        for (int c = 0; c < priors.length; c++) {
            logPrior[c] = Math.log(Math.max(priors[c], Posteriors.EPS));
        }
    }
}
