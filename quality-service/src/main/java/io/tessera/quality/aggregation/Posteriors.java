package io.tessera.quality.aggregation;

/** Small numeric helpers on flat [item * K + label] arrays. Package-private: the algorithms' shared kernel. */
final class Posteriors {

    /** Lower clip for probabilities before a log, as in Crowd-Kit. */
    static final double EPS = 1e-10;

    private Posteriors() {
    }

    /** Index (relative to from) of the largest of a[from .. from + k - 1]; ties go to the lowest index. */
    static int argmax(double[] a, int from, int k) {
        int best = 0;
        double max = a[from];
        for (int c = 1; c < k; c++) {
            if (a[from + c] > max) {
                max = a[from + c];
                best = c;
            }
        }
        return best;
    }

    /** Normalises each row to sum 1; a row summing to 0 becomes uniform. */
    static void normalizeRows(double[] a, int rows, int k) {
        for (int t = 0; t < rows; t++) {
            int base = t * k;
            double s = 0;
            for (int c = 0; c < k; c++) {
                s += a[base + c];
            }
            if (s > 0) {
                double inv = 1.0 / s;
                for (int c = 0; c < k; c++) {
                    a[base + c] *= inv;
                }
            } else {
                for (int c = 0; c < k; c++) {
                    a[base + c] = 1.0 / k;
                }
            }
        }
    }

    /** In place: a[from..from+k-1] = softmax(a[from..from+k-1]). */
    static void softmax(double[] a, int from, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, a[from + c]);
        }
        double s = 0;
        for (int c = 0; c < k; c++) {
            double e = Math.exp(a[from + c] - max);
            a[from + c] = e;
            s += e;
        }
        double inv = 1.0 / s;
        for (int c = 0; c < k; c++) {
            a[from + c] *= inv;
        }
    }

    /** Column means of a rows × k array. */
    static double[] columnMeans(double[] a, int rows, int k) {
        double[] m = new double[k];
        for (int t = 0; t < rows; t++) {
            for (int c = 0; c < k; c++) {
                m[c] += a[t * k + c];
            }
        }
        if (rows > 0) {
            for (int c = 0; c < k; c++) {
                m[c] /= rows;
            }
        }
        return m;
    }

    /**
     * (Weighted) vote shares per item: sum of weights of the workers that gave each label, normalised per item. A
     * null weight array means weight 1. An item whose weights sum to 0 gets a uniform row.
     */
    static double[] votes(Answers a, double[] workerWeight) {
        int k = a.labelCount();
        double[] p = new double[a.itemCount() * k];
        int[] it = a.itemOf();
        int[] wo = a.workerOf();
        int[] la = a.labelOf();
        for (int r = 0; r < it.length; r++) {
            p[it[r] * k + la[r]] += workerWeight == null ? 1.0 : workerWeight[wo[r]];
        }
        normalizeRows(p, a.itemCount(), k);
        return p;
    }

    /**
     * Fraction of each worker's rows whose label equals the item's label (arg-max of p); NaN for workers without
     * rows.
     */
    static double[] agreementWithLabels(Answers a, double[] p) {
        int k = a.labelCount();
        int nItems = a.itemCount();
        int[] chosen = new int[nItems];
        for (int t = 0; t < nItems; t++) {
            chosen[t] = argmax(p, t * k, k);
        }
        double[] hit = new double[a.workerCount()];
        double[] n = new double[a.workerCount()];
        int[] it = a.itemOf();
        int[] wo = a.workerOf();
        int[] la = a.labelOf();
        for (int r = 0; r < it.length; r++) {
            n[wo[r]]++;
            if (la[r] == chosen[it[r]]) {
                hit[wo[r]]++;
            }
        }
        for (int w = 0; w < hit.length; w++) {
            hit[w] = n[w] > 0 ? hit[w] / n[w] : Double.NaN;
        }
        return hit;
    }
}
