package io.tessera.quality.agreement;

import io.tessera.quality.aggregation.Answers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cohen's kappa for two raters, unweighted or with linear / quadratic disagreement weights, from paired labels or
 * from a contingency table. Also the asymptotic standard error (Fleiss, Cohen and Everitt 1969; the "ASE" that SAS
 * prints), which is what a report's confidence interval needs.
 */
public final class CohenKappa {

    /** Disagreement weights between category i and j of K (categories in {@link Answers#labelOrder} order). */
    public enum Weights {
        /** 0 on the diagonal, 1 elsewhere. */
        NONE,
        /** |i - j| / (K - 1). */
        LINEAR,
        /** ((i - j) / (K - 1))^2. */
        QUADRATIC
    }

    /**
     * @param kappa             the coefficient (undefined when chance agreement is 1)
     * @param observedAgreement weighted observed agreement 1 - sum(w p_o)
     * @param expectedAgreement weighted chance agreement 1 - sum(w p_e)
     * @param standardError     asymptotic standard error of kappa (NaN when undefined)
     * @param n                 number of paired ratings
     * @param categories        category order of the table
     */
    public record Result(Coefficient kappa, double observedAgreement, double expectedAgreement, double standardError,
                         double n, List<String> categories) {
        public double value() {
            return kappa.value();
        }
    }

    private CohenKappa() {
    }

    /** Kappa of two equally long label sequences (position i of both is the same item). */
    public static Result of(List<String> rater1, List<String> rater2, Weights weights) {
        if (rater1.size() != rater2.size()) {
            throw new IllegalArgumentException("raters have " + rater1.size() + " and " + rater2.size() + " labels");
        }
        Set<String> union = new LinkedHashSet<>(rater1);
        union.addAll(rater2);
        List<String> cats = new ArrayList<>(union);
        cats.sort(Answers.labelOrder(cats));
        Map<String, Integer> idx = new java.util.HashMap<>();
        for (int i = 0; i < cats.size(); i++) {
            idx.put(cats.get(i), i);
        }
        double[][] table = new double[cats.size()][cats.size()];
        for (int i = 0; i < rater1.size(); i++) {
            table[idx.get(rater1.get(i))][idx.get(rater2.get(i))]++;
        }
        return ofTable(table, weights, cats);
    }

    /** Kappa of two int label sequences. */
    public static Result of(int[] rater1, int[] rater2, Weights weights) {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int v : rater1) {
            a.add(Integer.toString(v));
        }
        for (int v : rater2) {
            b.add(Integer.toString(v));
        }
        return of(a, b, weights);
    }

    /**
     * Kappa of two workers over the items both labelled (their first label on each). Empty overlap gives an
     * undefined kappa.
     */
    public static Result ofWorkers(Answers answers, String worker1, String worker2, Weights weights) {
        int w1 = answers.workerId(worker1);
        int w2 = answers.workerId(worker2);
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        if (w1 >= 0 && w2 >= 0) {
            int[] wo = answers.workerOf();
            int[] la = answers.labelOf();
            for (int t = 0; t < answers.itemCount(); t++) {
                int l1 = -1;
                int l2 = -1;
                for (int r = answers.itemStart(t); r < answers.itemStart(t + 1); r++) {
                    if (wo[r] == w1 && l1 < 0) {
                        l1 = la[r];
                    } else if (wo[r] == w2 && l2 < 0) {
                        l2 = la[r];
                    }
                }
                if (l1 >= 0 && l2 >= 0) {
                    a.add(answers.label(l1));
                    b.add(answers.label(l2));
                }
            }
        }
        if (a.isEmpty()) {
            return new Result(Coefficient.undefined(metricName(weights), "the two workers share no item"),
                    Double.NaN, Double.NaN, Double.NaN, 0, List.of());
        }
        // keep the whole label space so weights use the job's scale, not just the labels these two used
        double[][] table = new double[answers.labelCount()][answers.labelCount()];
        for (int i = 0; i < a.size(); i++) {
            table[answers.labelId(a.get(i))][answers.labelId(b.get(i))]++;
        }
        return ofTable(table, weights, answers.labels());
    }

    /** Kappa of a K x K table (rows rater 1, columns rater 2), categories scored 0..K-1. */
    public static Result ofTable(double[][] table, Weights weights) {
        List<String> cats = new ArrayList<>();
        for (int i = 0; i < table.length; i++) {
            cats.add(Integer.toString(i));
        }
        return ofTable(table, weights, cats);
    }

    static String metricName(Weights weights) {
        return switch (weights) {
            case NONE -> "cohen_kappa";
            case LINEAR -> "cohen_kappa_linear";
            case QUADRATIC -> "cohen_kappa_quadratic";
        };
    }

    private static Result ofTable(double[][] table, Weights weights, List<String> cats) {
        int k = table.length;
        String metric = metricName(weights);
        double n = 0;
        for (double[] row : table) {
            if (row.length != k) {
                throw new IllegalArgumentException("table is not square");
            }
            for (double v : row) {
                n += v;
            }
        }
        if (n == 0) {
            return new Result(Coefficient.undefined(metric, "no paired ratings"), Double.NaN, Double.NaN, Double.NaN,
                    0, cats);
        }
        double[] rowM = new double[k];
        double[] colM = new double[k];
        double[][] p = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                p[i][j] = table[i][j] / n;
                rowM[i] += p[i][j];
                colM[j] += p[i][j];
            }
        }
        // agreement weights a_ij = 1 - disagreement weight
        double[][] a = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double d = k == 1 ? 0 : Math.abs(i - j) / (double) (k - 1);
                a[i][j] = switch (weights) {
                    case NONE -> i == j ? 1 : 0;
                    case LINEAR -> 1 - d;
                    case QUADRATIC -> 1 - d * d;
                };
            }
        }
        double po = 0;
        double pe = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                po += a[i][j] * p[i][j];
                pe += a[i][j] * rowM[i] * colM[j];
            }
        }
        if (1 - pe <= 1e-15) {
            return new Result(Coefficient.undefined(metric,
                    "chance agreement is 1 (both raters used a single, identical label)"), po, pe, Double.NaN, n, cats);
        }
        double kappa = (po - pe) / (1 - pe);
        // Fleiss, Cohen & Everitt (1969) asymptotic standard error, weighted form
        double[] wRow = new double[k];
        double[] wCol = new double[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                wRow[i] += colM[j] * a[i][j];
                wCol[j] += rowM[i] * a[i][j];
            }
        }
        double s = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double d = a[i][j] - (wRow[i] + wCol[j]) * (1 - kappa);
                s += p[i][j] * d * d;
            }
        }
        double c = kappa - pe * (1 - kappa);
        double ase = Math.sqrt(Math.max(0, s - c * c)) / ((1 - pe) * Math.sqrt(n));
        return new Result(Coefficient.of(metric, kappa), po, pe, ase, n, cats);
    }
}
