package io.tessera.quality.aggregation;

/** Normal-distribution helpers for standard errors and intervals (numeric merges, Bradley-Terry). */
public final class Gaussian {

    private Gaussian() {
    }

    /**
     * erfc(x) to about 1e-15: the Maclaurin series of erf for |x| < 2, Lentz's continued fraction for erfc beyond.
     */
    public static double erfc(double x) {
        double z = Math.abs(x);
        double r;
        if (z < 2.0) {
            // erf(z) = 2/sqrt(pi) * sum (-1)^n z^(2n+1) / (n! (2n+1))
            double term = z;
            double sum = z;
            double z2 = z * z;
            for (int n = 1; n < 200; n++) {
                term *= -z2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            r = 1.0 - sum * 2.0 / Math.sqrt(Math.PI);
        } else {
            // erfc(z) = exp(-z²)/sqrt(pi) * 1/(z + 1/2/(z + 1/(z + 3/2/(z + ...)))), modified Lentz
            double tiny = 1e-300;
            double f = z;
            double c = z;
            double d = 0;
            for (int n = 1; n < 500; n++) {
                double an = n / 2.0;
                d = z + an * d;
                d = Math.abs(d) < tiny ? tiny : d;
                c = z + an / c;
                c = Math.abs(c) < tiny ? tiny : c;
                d = 1 / d;
                double delta = c * d;
                f *= delta;
                if (Math.abs(delta - 1) < 1e-16) {
                    break;
                }
            }
            r = Math.exp(-z * z) / Math.sqrt(Math.PI) / f;
        }
        return x >= 0 ? r : 2.0 - r;
    }

    /** P(|X - mean| <= tolerance) for X ~ N(mean, sd²); 1 when sd is 0 and tolerance >= 0. */
    public static double probabilityWithin(double tolerance, double sd) {
        if (!(sd > 0)) {
            return sd == 0 && tolerance >= 0 ? 1.0 : Double.NaN;
        }
        return 1.0 - erfc(tolerance / (sd * Math.sqrt(2)));
    }

    /** Standard normal quantile for a two-sided interval: z with P(|Z| <= z) = level (Acklam's approximation). */
    public static double twoSidedZ(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1): " + level);
        }
        return quantile(0.5 + level / 2);
    }

    /** Standard normal quantile (Acklam 2003, relative error below 1.2e-9 after one Halley step). */
    public static double quantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1): " + p);
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00};
        double q;
        double x;
        if (p < 0.02425) {
            q = Math.sqrt(-2 * Math.log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else if (p <= 1 - 0.02425) {
            q = p - 0.5;
            double r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        } else {
            q = Math.sqrt(-2 * Math.log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        // one Halley step against erfc
        double e = 0.5 * erfc(-x / Math.sqrt(2)) - p;
        double u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }
}
