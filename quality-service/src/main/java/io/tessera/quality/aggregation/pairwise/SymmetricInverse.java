package io.tessera.quality.aggregation.pairwise;

/** Inverse of a symmetric positive-definite matrix by Cholesky decomposition. Package-private. */
final class SymmetricInverse {

    private SymmetricInverse() {
    }

    /** The inverse, or null when the matrix is not positive definite (to rounding). Does not modify a. */
    static double[][] invert(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double d = a[j][j];
            double[] lj = l[j];
            for (int k = 0; k < j; k++) {
                d -= lj[k] * lj[k];
            }
            if (!(d > 1e-14 * Math.max(1, Math.abs(a[j][j])))) {
                return null;
            }
            double ljj = Math.sqrt(d);
            lj[j] = ljj;
            for (int i = j + 1; i < n; i++) {
                double[] li = l[i];
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= li[k] * lj[k];
                }
                li[j] = s / ljj;
            }
        }
        // inverse of L (lower triangular), then A⁻¹ = L⁻ᵀ L⁻¹
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            inv[i][i] = 1 / l[i][i];
            for (int j = 0; j < i; j++) {
                double s = 0;
                for (int k = j; k < i; k++) {
                    s -= l[i][k] * inv[k][j];
                }
                inv[i][j] = s / l[i][i];
            }
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = i; k < n; k++) {
                    s += inv[k][i] * inv[k][j];
                }
                out[i][j] = s;
                out[j][i] = s;
            }
        }
        return out;
    }
}
