package io.tessera.quality.agreement;

import io.tessera.quality.aggregation.Answers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleBiFunction;

/**
 * Krippendorff's alpha with missing data, following Krippendorff (2011), "Computing Krippendorff's
 * Alpha-Reliability": values are paired within units, each pair weighted 1 / (m_u - 1); units with fewer than two
 * values are dropped; alpha = 1 - D_o / D_e.
 *
 * <p>Numeric metrics ({@link Metric}) take a coders × units matrix with NaN for missing values. Any other value type
 * (label strings, label sets for multi-label jobs) goes through {@link #ofUnits} with a distance function, for
 * example {@link #nominal()} or {@link SetDistances#masi}.
 *
 * <p>When every pairable value is the same, D_e is 0 and alpha is reported undefined (Krippendorff: no variation, no
 * reliability to assess). NLTK, and so Crowd-Kit, return 1.0 there instead.
 */
public final class KrippendorffAlpha {

    /** Difference functions δ² for numeric values. */
    public enum Metric {
        NOMINAL, ORDINAL, INTERVAL, RATIO
    }

    /**
     * @param alpha                  the coefficient
     * @param observedDisagreement   D_o
     * @param expectedDisagreement   D_e
     * @param values                 distinct pairable values, in order
     * @param coincidences           coincidence matrix o_ck over {@code values}
     * @param valueTotals            n_c
     * @param pairable               n, the number of pairable values
     * @param droppedUnits           units with fewer than two values
     */
    public record Result<T>(Coefficient alpha, double observedDisagreement, double expectedDisagreement,
                            List<T> values, double[][] coincidences, double[] valueTotals, double pairable,
                            int droppedUnits) {
        public double value() {
            return alpha.value();
        }
    }

    private KrippendorffAlpha() {
    }

    /** Equality distance: 0 for equal values, 1 otherwise. */
    public static <T> ToDoubleBiFunction<T, T> nominal() {
        return (a, b) -> a.equals(b) ? 0.0 : 1.0;
    }

    /**
     * Alpha of reliability data, rows = coders, columns = units, NaN = missing.
     */
    public static Result<Double> of(double[][] codersByUnits, Metric metric) {
        int units = 0;
        for (double[] row : codersByUnits) {
            units = Math.max(units, row.length);
        }
        List<List<Double>> byUnit = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            List<Double> vals = new ArrayList<>();
            for (double[] row : codersByUnits) {
                if (u < row.length && !Double.isNaN(row[u])) {
                    vals.add(row[u]);
                }
            }
            byUnit.add(vals);
        }
        return ofNumericUnits(byUnit, metric);
    }

    /** Alpha of numeric values grouped by unit (each list is the values one unit received). */
    public static Result<Double> ofNumericUnits(List<? extends Collection<Double>> units, Metric metric) {
        Set<Double> distinct = new java.util.TreeSet<>();
        for (Collection<Double> u : units) {
            if (u.size() >= 2) {
                distinct.addAll(u);
            }
        }
        List<Double> values = new ArrayList<>(distinct);
        return compute(units, values, metric, null);
    }

    /** Alpha of arbitrary values grouped by unit, with a distance δ² (0 for identical values). */
    public static <T> Result<T> ofUnits(List<? extends Collection<T>> units, ToDoubleBiFunction<T, T> distance) {
        Set<T> distinct = new LinkedHashSet<>();
        for (Collection<T> u : units) {
            if (u.size() >= 2) {
                distinct.addAll(u);
            }
        }
        return compute(units, new ArrayList<>(distinct), null, distance);
    }

    /**
     * Alpha of crowd answers: items are units, every row is one value. Nominal compares labels for equality;
     * ordinal, interval and ratio need numeric labels.
     */
    public static Result<?> ofAnswers(Answers answers, Metric metric) {
        int[] la = answers.labelOf();
        if (metric == Metric.NOMINAL) {
            List<List<String>> units = new ArrayList<>();
            for (int t = 0; t < answers.itemCount(); t++) {
                List<String> vals = new ArrayList<>();
                for (int r = answers.itemStart(t); r < answers.itemStart(t + 1); r++) {
                    vals.add(answers.label(la[r]));
                }
                units.add(vals);
            }
            return ofUnits(units, nominal());
        }
        double[] numeric = new double[answers.labelCount()];
        for (int k = 0; k < numeric.length; k++) {
            try {
                numeric[k] = Double.parseDouble(answers.label(k).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(metric.name().toLowerCase() + " alpha needs numeric labels, got '"
                        + answers.label(k) + "'");
            }
        }
        List<List<Double>> units = new ArrayList<>();
        for (int t = 0; t < answers.itemCount(); t++) {
            List<Double> vals = new ArrayList<>();
            for (int r = answers.itemStart(t); r < answers.itemStart(t + 1); r++) {
                vals.add(numeric[la[r]]);
            }
            units.add(vals);
        }
        return ofNumericUnits(units, metric);
    }

    private static <T> Result<T> compute(List<? extends Collection<T>> units, List<T> values, Metric metric,
                                         ToDoubleBiFunction<T, T> distance) {
        String name = "krippendorff_alpha" + (metric == null ? "" : "_" + metric.name().toLowerCase());
        int v = values.size();
        Map<T, Integer> index = new HashMap<>();
        for (int i = 0; i < v; i++) {
            index.put(values.get(i), i);
        }
        double[][] o = new double[v][v];
        int dropped = 0;
        int[] count = new int[v];
        for (Collection<T> unit : units) {
            int m = unit.size();
            if (m < 2) {
                dropped++;
                continue;
            }
            java.util.Arrays.fill(count, 0);
            for (T x : unit) {
                count[index.get(x)]++;
            }
            double w = 1.0 / (m - 1);
            for (int c = 0; c < v; c++) {
                if (count[c] == 0) {
                    continue;
                }
                for (int k = 0; k < v; k++) {
                    if (count[k] == 0) {
                        continue;
                    }
                    double pairs = c == k ? (double) count[c] * (count[c] - 1) : (double) count[c] * count[k];
                    o[c][k] += pairs * w;
                }
            }
        }
        double[] nc = new double[v];
        double n = 0;
        for (int c = 0; c < v; c++) {
            for (int k = 0; k < v; k++) {
                nc[c] += o[c][k];
            }
            n += nc[c];
        }
        double[][] delta = new double[v][v];
        for (int c = 0; c < v; c++) {
            for (int k = 0; k < v; k++) {
                delta[c][k] = metric == null ? distance.applyAsDouble(values.get(c), values.get(k))
                        : numericDelta(metric, c, k, values, nc);
            }
        }
        if (n == 0) {
            return new Result<>(Coefficient.undefined(name, "no unit has two or more values"), Double.NaN,
                    Double.NaN, values, o, nc, 0, dropped);
        }
        double dO = 0;
        double dE = 0;
        for (int c = 0; c < v; c++) {
            for (int k = 0; k < v; k++) {
                dO += o[c][k] * delta[c][k];
                dE += nc[c] * nc[k] * delta[c][k];
            }
        }
        dO /= n;
        dE /= n * (n - 1);
        if (dE <= 0) {
            return new Result<>(Coefficient.undefined(name, "no variation: every pairable value is the same"), dO, dE,
                    values, o, nc, n, dropped);
        }
        return new Result<>(Coefficient.of(name, 1 - dO / dE), dO, dE, values, o, nc, n, dropped);
    }

    private static <T> double numericDelta(Metric metric, int c, int k, List<T> values, double[] nc) {
        double a = ((Number) values.get(c)).doubleValue();
        double b = ((Number) values.get(k)).doubleValue();
        switch (metric) {
            case NOMINAL:
                return c == k ? 0 : 1;
            case INTERVAL:
                return (a - b) * (a - b);
            case RATIO:
                return a + b == 0 ? 0 : ((a - b) / (a + b)) * ((a - b) / (a + b));
            case ORDINAL:
                int lo = Math.min(c, k);
                int hi = Math.max(c, k);
                double s = 0;
                for (int g = lo; g <= hi; g++) {
                    s += nc[g];
                }
                s -= (nc[c] + nc[k]) / 2;
                return s * s;
            default:
                throw new IllegalStateException();
        }
    }
}
