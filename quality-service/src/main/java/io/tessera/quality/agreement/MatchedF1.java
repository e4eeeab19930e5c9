package io.tessera.quality.agreement;

import io.tessera.quality.aggregation.Assignment;
import io.tessera.quality.aggregation.ItemAnswers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * F1 agreement between annotators who mark lists of things (boxes, spans): on each item the two lists are matched
 * one to one ({@link Assignment}, a pair matches when its similarity is at least the threshold), matched pairs are
 * true positives, the rest of either list are false positives and false negatives. F1 = 2·TP / (2·TP + FP + FN) is
 * symmetric in the two workers. Counts are summed over the items both answered (micro F1), and a job's agreement is
 * the mean of the worker pairs' F1 (with the pooled micro F1 beside it). Items where both lists are empty agree but
 * add nothing to the counts; a pair with no mark on any shared item has an undefined F1.
 *
 * <p>{@link BoxF1} and {@link SpanF1} are the two uses; this class takes any similarity.
 */
public final class MatchedF1 {

    /** Similarity of two marks, NaN when they may not match at all (for example different labels). */
    @FunctionalInterface
    public interface Similarity<T> {
        double of(T a, T b);
    }

    /**
     * Match counts.
     *
     * @param truePositives  matched pairs
     * @param onlyFirst      marks of the first worker left unmatched (false positives when the second is the reference)
     * @param onlySecond     marks of the second worker left unmatched
     * @param similaritySum  sum of the similarity over matched pairs (for the mean IoU of matches)
     */
    public record Counts(long truePositives, long onlyFirst, long onlySecond, double similaritySum) {

        public static final Counts ZERO = new Counts(0, 0, 0, 0);

        public Counts plus(Counts o) {
            return new Counts(truePositives + o.truePositives, onlyFirst + o.onlyFirst, onlySecond + o.onlySecond,
                    similaritySum + o.similaritySum);
        }

        /** TP / (TP + onlyFirst): the first worker's precision against the second; NaN without marks. */
        public double precision() {
            long d = truePositives + onlyFirst;
            return d == 0 ? Double.NaN : (double) truePositives / d;
        }

        /** TP / (TP + onlySecond). */
        public double recall() {
            long d = truePositives + onlySecond;
            return d == 0 ? Double.NaN : (double) truePositives / d;
        }

        /** Mean similarity of the matched pairs; NaN without matches. */
        public double meanSimilarity() {
            return truePositives == 0 ? Double.NaN : similaritySum / truePositives;
        }

        public Coefficient f1(String metric) {
            long d = 2 * truePositives + onlyFirst + onlySecond;
            return d == 0 ? Coefficient.undefined(metric, "neither side marked anything")
                    : Coefficient.of(metric, 2.0 * truePositives / d);
        }
    }

    /** F1 of one pair of workers. */
    public record WorkerPair(String first, String second, int sharedItems, Counts counts, Coefficient f1) {
    }

    /**
     * Job-level agreement.
     *
     * @param meanF1   mean over worker pairs (with a defined F1) of their F1
     * @param pooledF1 micro F1 over the counts of all pairs
     * @param pairs    every pair of workers who share an item, in worker-id order
     */
    public record JobF1(Coefficient meanF1, Coefficient pooledF1, List<WorkerPair> pairs) {
    }

    private MatchedF1() {
    }

    /** Counts for two lists on one item. */
    public static <T> Counts count(List<T> first, List<T> second, Similarity<T> similarity, double threshold,
                                   Assignment.Method method) {
        double[][] s = new double[first.size()][second.size()];
        for (int i = 0; i < first.size(); i++) {
            for (int j = 0; j < second.size(); j++) {
                s[i][j] = similarity.of(first.get(i), second.get(j));
            }
        }
        int[] m = Assignment.match(s, threshold, method);
        long tp = 0;
        double sum = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i] >= 0) {
                tp++;
                sum += s[i][m[i]];
            }
        }
        return new Counts(tp, first.size() - tp, second.size() - tp, sum);
    }

    /** Micro F1 between two workers over the items both answered. */
    public static <T> WorkerPair between(ItemAnswers<List<T>> answers, String first, String second,
                                         Similarity<T> similarity, double threshold, Assignment.Method method,
                                         String metric) {
        int w1 = answers.workerId(first);
        int w2 = answers.workerId(second);
        Counts c = Counts.ZERO;
        int shared = 0;
        if (w1 >= 0 && w2 >= 0) {
            int[] wo = answers.workerOf();
            for (int t = 0; t < answers.itemCount(); t++) {
                int r1 = -1;
                int r2 = -1;
                for (int r = answers.itemStart(t); r < answers.itemStart(t + 1); r++) {
                    if (wo[r] == w1 && r1 < 0) {
                        r1 = r;
                    } else if (wo[r] == w2 && r2 < 0) {
                        r2 = r;
                    }
                }
                if (r1 >= 0 && r2 >= 0) {
                    shared++;
                    c = c.plus(count(answers.value(r1), answers.value(r2), similarity, threshold, method));
                }
            }
        }
        return new WorkerPair(first, second, shared, c, c.f1(metric));
    }

    /** Every pair of workers sharing an item, and the job's mean and pooled F1. */
    public static <T> JobF1 job(ItemAnswers<List<T>> answers, Similarity<T> similarity, double threshold,
                                Assignment.Method method, String metric) {
        int nw = answers.workerCount();
        int[] wo = answers.workerOf();
        TreeMap<Long, long[]> counts = new TreeMap<>();
        Map<Long, double[]> sums = new java.util.HashMap<>();
        for (int t = 0; t < answers.itemCount(); t++) {
            int from = answers.itemStart(t);
            int to = answers.itemStart(t + 1);
            for (int r1 = from; r1 < to; r1++) {
                for (int r2 = r1 + 1; r2 < to; r2++) {
                    if (wo[r1] == wo[r2]) {
                        continue;
                    }
                    boolean swap = wo[r1] > wo[r2];
                    int a = swap ? r2 : r1;
                    int b = swap ? r1 : r2;
                    Counts c = count(answers.value(a), answers.value(b), similarity, threshold, method);
                    long key = (long) wo[a] * nw + wo[b];
                    long[] k = counts.computeIfAbsent(key, x -> new long[4]);
                    k[0] += c.truePositives();
                    k[1] += c.onlyFirst();
                    k[2] += c.onlySecond();
                    k[3]++;
                    sums.computeIfAbsent(key, x -> new double[1])[0] += c.similaritySum();
                }
            }
        }
        List<WorkerPair> pairs = new ArrayList<>(counts.size());
        Counts pooled = Counts.ZERO;
        double f1Sum = 0;
        int defined = 0;
        for (Map.Entry<Long, long[]> e : counts.entrySet()) {
            long[] k = e.getValue();
            Counts c = new Counts(k[0], k[1], k[2], sums.get(e.getKey())[0]);
            Coefficient f1 = c.f1(metric);
            pairs.add(new WorkerPair(answers.worker((int) (e.getKey() / nw)), answers.worker((int) (e.getKey() % nw)),
                    (int) k[3], c, f1));
            pooled = pooled.plus(c);
            if (f1.isDefined()) {
                f1Sum += f1.value();
                defined++;
            }
        }
        Coefficient mean = defined == 0
                ? Coefficient.undefined(metric, pairs.isEmpty() ? "no two workers share an item"
                        : "no pair of workers marked anything on a shared item")
                : Coefficient.of(metric, f1Sum / defined);
        return new JobF1(mean, pooled.f1(metric), Collections.unmodifiableList(pairs));
    }
}
