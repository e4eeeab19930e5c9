package io.tessera.quality.live;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides one item from its counted labels, as a pure function.
 *
 * <p>A job without a confidence target is decided by majority vote: each distinct answer's share
 * of the votes. With a target, categorical items (the label space of {@code labelCount} labels is
 * known) get a posterior under a one-coin model per worker: a worker with accuracy a gives the true
 * label with probability a and each other label with (1 − a)/(K − 1); the prior is uniform (other
 * kinds use the shares for now). The item is resolved when its top label is unique and reaches the
 * target (no target: any unique top label), or when the item has as many labels as it may get;
 * otherwise it asks for one more label.
 */
public final class ItemDecider {
    private ItemDecider() {
    }

    /** One counted label, with the accuracy the decision assumes for its worker. */
    public record Vote(String worker, String label, double accuracy) {
    }

    public enum Outcome { WAIT, RESOLVE, EXTEND }

    public record Decision(Outcome outcome, String label, double confidence) {
        static final Decision WAIT = new Decision(Outcome.WAIT, null, 0);
    }

    /**
     * @param needed     labels the item needs before a decision
     * @param atMost     whether the item already has every label it may get (no extension possible)
     * @param labelCount the size of the categorical label space, or 0 when not categorical
     * @param target     the job's confidence target, or null
     */
    public static Decision decide(List<Vote> votes, int needed, boolean atMost, int labelCount, Double target) {
        if (votes.isEmpty() || votes.size() < needed) {
            return Decision.WAIT;
        }
        // Without a target the job asked for plain majority vote; with one, for posterior decisions.
        Map<String, Double> posterior = labelCount >= 2 && target != null ? oneCoin(votes, labelCount) : shares(votes);
        List<Map.Entry<String, Double>> ranked = posterior.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .toList();
        Map.Entry<String, Double> top = ranked.get(0);
        boolean tie = ranked.size() > 1 && Math.abs(ranked.get(1).getValue() - top.getValue()) < 1e-12;
        boolean confident = !tie && (target == null || top.getValue() >= target);
        return confident || atMost
                ? new Decision(Outcome.RESOLVE, top.getKey(), top.getValue())
                : new Decision(Outcome.EXTEND, null, top.getValue());
    }

    /** Posterior over the observed labels; labels nobody chose keep their share of the mass in the normaliser. */
    static Map<String, Double> oneCoin(List<Vote> votes, int k) {
        Map<String, Double> logScore = new LinkedHashMap<>();
        double logNone = 0; // log-likelihood of a label nobody chose
        for (Vote v : votes) {
            double a = clamp(v.accuracy(), 1.0 / k + 0.01, 0.99);
            logNone += Math.log((1 - a) / (k - 1));
        }
        for (Vote candidate : votes) {
            logScore.computeIfAbsent(candidate.label(), c -> {
                double s = 0;
                for (Vote v : votes) {
                    double a = clamp(v.accuracy(), 1.0 / k + 0.01, 0.99);
                    s += v.label().equals(c) ? Math.log(a) : Math.log((1 - a) / (k - 1));
                }
                return s;
            });
        }
        double max = Math.max(logNone, logScore.values().stream().mapToDouble(Double::doubleValue).max().orElse(logNone));
        int unobserved = Math.max(0, k - logScore.size());
        double norm = unobserved * Math.exp(logNone - max);
        for (double s : logScore.values()) {
            norm += Math.exp(s - max);
        }
        Map<String, Double> posterior = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : logScore.entrySet()) {
            posterior.put(e.getKey(), Math.exp(e.getValue() - max) / norm);
        }
        return posterior;
    }

    static Map<String, Double> shares(List<Vote> votes) {
        Map<String, Double> share = new LinkedHashMap<>();
        for (Vote v : votes) {
            share.merge(v.label(), 1.0 / votes.size(), Double::sum);
        }
        return share;
    }

    private static double clamp(double x, double lo, double hi) {
        return Math.max(lo, Math.min(hi, x));
    }
}
