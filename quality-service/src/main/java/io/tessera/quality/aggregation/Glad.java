package io.tessera.quality.aggregation;

import java.util.Arrays;

/**
 * GLAD (Whitehill et al., NIPS 2009), following Crowd-Kit's {@code GLAD}: worker ability alpha, item inverse
 * difficulty exp(beta); a worker gives the true label with probability sigma(alpha * exp(beta)) and each wrong label
 * with (1 - sigma) / (K - 1). Uniform label priors; N(1, 1) priors on alpha and beta. EM: the E-step computes
 * posteriors, the M-step maximises the expected log-likelihood over alpha and beta with nonlinear conjugate gradient
 * (Polak-Ribière, Armijo backtracking; Crowd-Kit uses scipy's CG with the same iteration and gradient limits, so
 * parameters agree closely but not to the last digit). Stops when Q per (answer, label) gains less than
 * {@code tolerance}. Gold items are clamped after every E-step.
 *
 * @param maxIterations      EM iterations (100)
 * @param tolerance          minimum gain of Q per (answer, label) (1e-5)
 * @param mStepMaxIterations CG iterations per M-step (25)
 * @param mStepTolerance     CG stops when the largest gradient component is below this (1e-2)
 */
public record Glad(int maxIterations, double tolerance, int mStepMaxIterations, double mStepTolerance)
        implements Aggregator {

    public Glad() {
        this(100, 1e-5, 25, 1e-2);
    }

    @Override
    public String name() {
        return "glad";
    }

    @Override
    public AggregationResult fit(Answers a, GoldLabels gold) {
        Model m = new Model(a);
        int k = a.labelCount();
        double[] x = new double[m.nw + m.ni];
        Arrays.fill(x, 1.0);
        double[] p = new double[m.ni * k];
        m.eStep(x, p);
        gold.clamp(p, k);
        double q = Double.NEGATIVE_INFINITY;
        int iterations = 0;
        boolean converged = false;
        double norm = Math.max(1, (double) a.size() * k);
        for (int i = 0; i < maxIterations; i++) {
            iterations++;
            m.eStep(x, p);
            gold.clamp(p, k);
            m.mStep(x, p, mStepMaxIterations, mStepTolerance);
            double newQ = m.valueAndGradient(x, p, null) / norm;
            if (newQ - q < tolerance) {
                converged = true;
                break;
            }
            q = newQ;
        }
        double[] alphas = Arrays.copyOfRange(x, 0, m.nw);
        double[] inverseDifficulty = new double[m.ni];
        for (int t = 0; t < m.ni; t++) {
            inverseDifficulty[t] = Math.exp(x[m.nw + t]);
        }
        return AggregationResult.builder(name(), a, p)
                .skills(alphas, "GLAD ability alpha: P(right) = sigmoid(alpha x item inverse difficulty); "
                        + "0 is guessing, negative is adversarial")
                .itemDifficulty(inverseDifficulty)
                .priors(m.priors())
                .iterations(iterations, converged)
                .build();
    }

    /** Arrays of one fit. x = [alpha_0 .. alpha_{W-1}, beta_0 .. beta_{I-1}]. */
    private static final class Model {
        private final Answers a;
        private final int nw;
        private final int ni;
        private final int k;
        private final int[] it;
        private final int[] wo;
        private final int[] la;
        private final double logKm1;
        private final double logPrior;

        Model(Answers a) {
            this.a = a;
            this.nw = a.workerCount();
            this.ni = a.itemCount();
            this.k = a.labelCount();
            this.it = a.itemOf();
            this.wo = a.workerOf();
            this.la = a.labelOf();
            this.logKm1 = k > 1 ? Math.log(k - 1) : 0;
            this.logPrior = -Math.log(Math.max(1, k));
        }

        double[] priors() {
            double[] pr = new double[k];
            Arrays.fill(pr, 1.0 / Math.max(1, k));
            return pr;
        }

        void eStep(double[] x, double[] p) {
            int[] start = a.itemOffsets();
            for (int t = 0; t < ni; t++) {
                int pb = t * k;
                double eb = Math.exp(x[nw + t]);
                double common = logPrior;
                for (int c = 0; c < k; c++) {
                    p[pb + c] = 0;
                }
                for (int r = start[t]; r < start[t + 1]; r++) {
                    double z = x[wo[r]] * eb;
                    double logSig = -softplus(-z);
                    double logWrong = -softplus(z) - logKm1;
                    common += logWrong;
                    p[pb + la[r]] += logSig - logWrong;
                }
                for (int c = 0; c < k; c++) {
                    p[pb + c] += common;
                }
                Posteriors.softmax(p, pb, k);
            }
        }

        /** Q(x) (without constants); when grad is non-null, fills dQ/dx. */
        double valueAndGradient(double[] x, double[] p, double[] grad) {
            double q = 0;
            if (grad != null) {
                Arrays.fill(grad, 0.0);
            }
            for (int r = 0; r < it.length; r++) {
                int t = it[r];
                int w = wo[r];
                double eb = Math.exp(x[nw + t]);
                double z = x[w] * eb;
                double pl = p[t * k + la[r]];
                q += pl * -softplus(-z) + (1 - pl) * (-softplus(z) - logKm1);
                if (grad != null) {
                    double d = pl - sigmoid(z);
                    grad[w] += d * eb;
                    grad[nw + t] += d * x[w] * eb;
                }
            }
            for (int j = 0; j < x.length; j++) {
                double dev = x[j] - 1.0;
                q -= 0.5 * dev * dev;
                if (grad != null) {
                    grad[j] -= dev;
                }
            }
            return q;
        }

        /** Maximises Q over x in place: Polak-Ribière+ conjugate gradient with Armijo backtracking. */
        void mStep(double[] x, double[] p, int maxIter, double gtol) {
            int n = x.length;
            double[] g = new double[n];
            double[] gNew = new double[n];
            double[] d = new double[n];
            double[] xNew = new double[n];
            double f = -valueAndGradient(x, p, g);
            for (int j = 0; j < n; j++) {
                g[j] = -g[j];
                d[j] = -g[j];
            }
            double step = 1.0 / Math.max(1.0, norm(g));
            for (int iter = 0; iter < maxIter; iter++) {
                if (maxAbs(g) < gtol) {
                    return;
                }
                double slope = dot(g, d);
                if (slope >= 0) {
                    for (int j = 0; j < n; j++) {
                        d[j] = -g[j];
                    }
                    slope = dot(g, d);
                }
                double s = Math.min(step * 2, 1e3);
                double fNew = Double.NaN;
                boolean accepted = false;
                for (int bt = 0; bt < 60; bt++) {
                    for (int j = 0; j < n; j++) {
                        xNew[j] = x[j] + s * d[j];
                    }
                    fNew = -valueAndGradient(xNew, p, gNew);
                    if (fNew <= f + 1e-4 * s * slope) {
                        accepted = true;
                        break;
                    }
                    s *= 0.5;
                }
                if (!accepted) {
                    return;
                }
                step = s;
                double num = 0;
                double den = 0;
                for (int j = 0; j < n; j++) {
                    gNew[j] = -gNew[j];
                    num += gNew[j] * (gNew[j] - g[j]);
                    den += g[j] * g[j];
                }
                double beta = den > 0 ? Math.max(0, num / den) : 0;
                for (int j = 0; j < n; j++) {
                    d[j] = -gNew[j] + beta * d[j];
                    x[j] = xNew[j];
                    g[j] = gNew[j];
                }
                f = fNew;
            }
        }
    }

    static double softplus(double z) {
        return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    private static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
        }
        return s;
    }

    private static double norm(double[] u) {
        return Math.sqrt(dot(u, u));
    }

    private static double maxAbs(double[] u) {
        double m = 0;
        for (double v : u) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
