package io.tessera.quality.agreement;

import io.tessera.quality.aggregation.Answers;

/**
 * Fleiss' kappa (1971) over subjects × categories counts.
 *
 * <p>Fleiss assumes the same number of raters m per subject. Crowd data rarely has that, so subjects with different
 * counts n_i are accepted and the usual generalisation is used: P_i = sum_j n_ij (n_ij - 1) / (n_i (n_i - 1)),
 * P̄ = mean of P_i, p_j = sum_i n_ij / sum_i n_i. With equal counts this is exactly Fleiss' formula;
 * {@link Result#balanced()} tells which case applied. Subjects with fewer than two ratings carry no agreement
 * information and are left out (counted in {@link Result#droppedSubjects()}).
 */
public final class FleissKappa {

    /**
     * @param kappa           Fleiss' kappa
     * @param pBar            mean observed agreement P̄
     * @param pBarE           chance agreement P̄_e = sum p_j^2
     * @param categoryShares  p_j per category
     * @param categoryKappas  kappa per category (Fleiss 1971, eq. 15; NaN where p_j is 0 or 1)
     * @param subjects        subjects used
     * @param droppedSubjects subjects with fewer than two ratings
     * @param balanced        whether every used subject had the same number of ratings
     */
    public record Result(Coefficient kappa, double pBar, double pBarE, double[] categoryShares,
                         double[] categoryKappas, int subjects, int droppedSubjects, boolean balanced) {
        public double value() {
            return kappa.value();
        }
    }

    private FleissKappa() {
    }

    /** From counts[subject][category] = number of raters who put the subject in the category. */
    public static Result ofCounts(int[][] counts) {
        double[][] d = new double[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            d[i] = new double[counts[i].length];
            for (int j = 0; j < counts[i].length; j++) {
                d[i][j] = counts[i][j];
            }
        }
        return ofCounts(d);
    }

    /** From counts[subject][category]. */
    public static Result ofCounts(double[][] counts) {
        int k = counts.length == 0 ? 0 : counts[0].length;
        double[] total = new double[k];
        double allRatings = 0;
        double pSum = 0;
        int used = 0;
        int dropped = 0;
        double firstN = -1;
        boolean balanced = true;
        for (double[] row : counts) {
            if (row.length != k) {
                throw new IllegalArgumentException("rows have different numbers of categories");
            }
            double ni = 0;
            for (double v : row) {
                ni += v;
            }
            if (ni < 2) {
                dropped++;
                continue;
            }
            if (firstN < 0) {
                firstN = ni;
            } else if (ni != firstN) {
                balanced = false;
            }
            double agree = 0;
            for (int j = 0; j < k; j++) {
                agree += row[j] * (row[j] - 1);
                total[j] += row[j];
            }
            pSum += agree / (ni * (ni - 1));
            allRatings += ni;
            used++;
        }
        double[] share = new double[k];
        double pe = 0;
        for (int j = 0; j < k; j++) {
            share[j] = allRatings > 0 ? total[j] / allRatings : Double.NaN;
            pe += share[j] * share[j];
        }
        double[] catKappa = new double[k];
        for (int j = 0; j < k; j++) {
            double num = 0;
            for (double[] row : counts) {
                double ni = 0;
                for (double v : row) {
                    ni += v;
                }
                if (ni < 2) {
                    continue;
                }
                num += row[j] * (ni - row[j]) / (ni * (ni - 1));
            }
            double denom = used * share[j] * (1 - share[j]);
            catKappa[j] = denom > 0 ? 1 - num / denom : Double.NaN;
        }
        if (used == 0) {
            return new Result(Coefficient.undefined("fleiss_kappa", "no subject has two or more ratings"),
                    Double.NaN, Double.NaN, share, catKappa, 0, dropped, true);
        }
        double pBar = pSum / used;
        if (1 - pe <= 1e-15) {
            return new Result(Coefficient.undefined("fleiss_kappa", "every rating is the same category"),
                    pBar, pe, share, catKappa, used, dropped, balanced);
        }
        return new Result(Coefficient.of("fleiss_kappa", (pBar - pe) / (1 - pe)), pBar, pe, share, catKappa, used,
                dropped, balanced);
    }

    /** From crowd answers: items are subjects, labels are categories, every row is one rating. */
    public static Result ofAnswers(Answers answers) {
        int k = answers.labelCount();
        double[][] counts = new double[answers.itemCount()][k];
        double[] flat = answers.voteCounts();
        for (int t = 0; t < counts.length; t++) {
            System.arraycopy(flat, t * k, counts[t], 0, k);
        }
        return ofCounts(counts);
    }
}
