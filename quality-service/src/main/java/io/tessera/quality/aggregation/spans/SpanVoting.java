package io.tessera.quality.aggregation.spans;

import io.tessera.quality.aggregation.Assignment;
import io.tessera.quality.aggregation.ItemAnswers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Span-level voting for text spans: a span is kept when enough reliability-weighted votes agree on its
 * (label, start, end).
 *
 * <p>Per item, workers are taken by decreasing reliability (then worker id) and each worker's spans are matched one
 * to one ({@link Assignment}, greedy) with the current clusters: same label and character IoU with the cluster's
 * leading span at least {@code minIou}. With {@code minIou = 1} a cluster is exactly one (label, start, end) and this
 * is plain exact span voting; with the default 0.5, spans whose boundaries differ a little (an article, a trailing
 * dot) vote together, and the cluster's span is the offsets with the most weight among its members (ties: the
 * earliest marked), so no boundary is ever invented. (On the synthetic crowd in the tests the default beats exact
 * voting, whose votes split over boundary variants.) With {@code allowOverlap} and nested spans of one label, use
 * {@code minIou = 1}, or nested spans that overlap by half would vote together. A cluster's support is the weighted share of the workers who
 * answered the item (an empty answer counts in the denominator); it is kept when above {@code minShare} and marked by
 * at least {@code minWorkers}. Unless {@code allowOverlap}, kept spans that overlap are resolved by support (then
 * start, end, label): the weaker one is dropped.
 *
 * <p>Reliability, as for boxes: from 1, each round sets a worker's weight to the smoothed F1 of their spans against
 * the kept spans (gold on gold items), (2·TP + 1) / (2·TP + FP + FN + 2), matched the same way, until it moves by less
 * than 1e-6 or after {@code maxRounds}.
 *
 * @param minIou        least character IoU for two spans of one label to vote together (default 0.5; 1: exact)
 * @param minShare      a span is kept when its weighted support is above this (default 0.5)
 * @param minWorkers    and at least this many workers marked it (default 1)
 * @param allowOverlap  whether merged spans may overlap (the schema's allowOverlap; default false)
 * @param weightWorkers whether votes are weighted by reliability (default true)
 * @param maxRounds     reliability rounds (default 10)
 */
public record SpanVoting(double minIou, double minShare, int minWorkers, boolean allowOverlap, boolean weightWorkers,
                         int maxRounds) {

    public SpanVoting() {
        this(0.5, 0.5, 1, false, true, 10);
    }

    public SpanVoting {
        if (!(minIou > 0 && minIou <= 1)) {
            throw new IllegalArgumentException("minIou must be in (0, 1]: " + minIou);
        }
        if (!(minShare >= 0 && minShare < 1)) {
            throw new IllegalArgumentException("minShare must be in [0, 1): " + minShare);
        }
        if (minWorkers < 1 || maxRounds < 1) {
            throw new IllegalArgumentException("minWorkers and maxRounds must be >= 1");
        }
    }

    /** Spans of one label with character IoU at least {@code iou} vote together (1: exact offsets only). */
    public SpanVoting withMinIou(double iou) {
        return new SpanVoting(iou, minShare, minWorkers, allowOverlap, weightWorkers, maxRounds);
    }

    public SpanVoting keeping(double share, int workers) {
        return new SpanVoting(minIou, share, workers, allowOverlap, weightWorkers, maxRounds);
    }

    public SpanVoting allowingOverlap(boolean allow) {
        return new SpanVoting(minIou, minShare, minWorkers, allow, weightWorkers, maxRounds);
    }

    public SpanVoting unweighted() {
        return new SpanVoting(minIou, minShare, minWorkers, allowOverlap, false, maxRounds);
    }

    public String name() {
        return (weightWorkers ? "span-weighted" : "span") + (minIou < 1 ? "" : "-exact");
    }

    public SpanResult fit(ItemAnswers<List<Span>> answers) {
        return fit(answers, Map.of());
    }

    /**
     * Fits.
     *
     * @param answers one list of spans per (item, worker); an empty list means "nothing to mark"
     * @param gold    known spans of some items: output as they are and the reference for reliability
     */
    public SpanResult fit(ItemAnswers<List<Span>> answers, Map<String, ? extends List<Span>> gold) {
        int nw = answers.workerCount();
        int nItems = answers.itemCount();
        List<List<Span>> goldByItem = answers.goldByItem(gold);
        double[] weight = new double[nw];
        Arrays.fill(weight, 1.0);
        List<List<MergedSpan>> merged;
        double[][] stats;
        int rounds = 0;
        while (true) {
            rounds++;
            merged = new ArrayList<>(nItems);
            for (int t = 0; t < nItems; t++) {
                List<Span> g = goldByItem.get(t);
                merged.add(g != null ? goldSpans(answers, t, g) : voteItem(answers, t, weight));
            }
            stats = workerStats(answers, merged);
            if (!weightWorkers || rounds >= maxRounds) {
                break;
            }
            double moved = 0;
            for (int w = 0; w < nw; w++) {
                double tp = stats[0][w];
                double next = (2 * tp + 1) / (2 * tp + stats[1][w] + stats[2][w] + 2);
                moved = Math.max(moved, Math.abs(next - weight[w]));
                weight[w] = next;
            }
            if (moved < 1e-6) {
                break;
            }
        }
        double[] confidence = new double[nItems];
        for (int t = 0; t < nItems; t++) {
            double c = 1.0;
            if (goldByItem.get(t) == null) {
                for (MergedSpan s : merged.get(t)) {
                    c = Math.min(c, Math.max(s.support(), 1 - s.support()));
                }
            }
            confidence[t] = c;
        }
        return new SpanResult(name(), answers, merged, confidence, weightWorkers ? weight : null, stats, rounds);
    }

    double similarity(Span a, Span b) {
        return a.label().equals(b.label()) ? a.iou(b) : Double.NaN;
    }

    private List<MergedSpan> goldSpans(ItemAnswers<List<Span>> answers, int t, List<Span> g) {
        int[] found = new int[g.size()];
        for (int r = answers.itemStart(t); r < answers.itemStart(t + 1); r++) {
            int[] m = match(answers.value(r), g);
            for (int j : m) {
                if (j >= 0) {
                    found[j]++;
                }
            }
        }
        List<MergedSpan> out = new ArrayList<>();
        for (int j = 0; j < g.size(); j++) {
            out.add(new MergedSpan(g.get(j), 1.0, found[j], 1.0, true));
        }
        out.sort(Comparator.comparing(MergedSpan::span, Span.ORDER));
        return List.copyOf(out);
    }

    private int[] match(List<Span> a, List<Span> b) {
        double[][] s = new double[a.size()][b.size()];
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < b.size(); j++) {
                s[i][j] = similarity(a.get(i), b.get(j));
            }
        }
        return Assignment.match(s, minIou, Assignment.Method.GREEDY);
    }

    private List<MergedSpan> voteItem(ItemAnswers<List<Span>> answers, int t, double[] weight) {
        int from = answers.itemStart(t);
        int to = answers.itemStart(t + 1);
        int[] wo = answers.workerOf();
        Integer[] order = new Integer[to - from];
        double total = 0;
        for (int r = from; r < to; r++) {
            order[r - from] = r;
            total += weight[wo[r]];
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(weight[wo[b]], weight[wo[a]]);
            return c != 0 ? c : Integer.compare(wo[a], wo[b]);
        });
        List<Cluster> clusters = new ArrayList<>();
        for (int r : order) {
            List<Span> spans = answers.value(r);
            if (spans.isEmpty()) {
                continue;
            }
            double om = weight[wo[r]];
            List<Span> leaders = new ArrayList<>(clusters.size());
            for (Cluster c : clusters) {
                leaders.add(c.leader());
            }
            int[] m = match(spans, leaders);
            for (int i = 0; i < spans.size(); i++) {
                Cluster c;
                if (m[i] >= 0) {
                    c = clusters.get(m[i]);
                } else {
                    c = new Cluster();
                    clusters.add(c);
                }
                c.add(spans.get(i), om);
            }
        }
        List<MergedSpan> out = new ArrayList<>(clusters.size());
        for (Cluster c : clusters) {
            double support = total > 0 ? c.weight / total : 0;
            Span leader = c.leader();
            out.add(new MergedSpan(leader, support, c.count, c.variants.get(leader) / c.weight,
                    support > minShare && c.count >= minWorkers));
        }
        // strongest first for overlap resolution; ties by span order
        out.sort(Comparator.comparingDouble((MergedSpan s) -> -s.support()).thenComparing(MergedSpan::span, Span.ORDER));
        if (!allowOverlap) {
            List<Span> kept = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                MergedSpan s = out.get(i);
                if (!s.kept()) {
                    continue;
                }
                boolean clash = false;
                for (Span k : kept) {
                    clash |= k.overlaps(s.span());
                }
                if (clash) {
                    out.set(i, new MergedSpan(s.span(), s.support(), s.workers(), s.boundaryShare(), false));
                } else {
                    kept.add(s.span());
                }
            }
        }
        out.sort(Comparator.comparing(MergedSpan::span, Span.ORDER));
        return List.copyOf(out);
    }

    /** {TP, FP, FN} per worker against the kept spans. */
    private double[][] workerStats(ItemAnswers<List<Span>> answers, List<List<MergedSpan>> merged) {
        int nw = answers.workerCount();
        double[][] st = new double[3][nw];
        int[] wo = answers.workerOf();
        for (int t = 0; t < answers.itemCount(); t++) {
            List<Span> ref = new ArrayList<>();
            for (MergedSpan s : merged.get(t)) {
                if (s.kept()) {
                    ref.add(s.span());
                }
            }
            for (int r = answers.itemStart(t); r < answers.itemStart(t + 1); r++) {
                List<Span> mine = answers.value(r);
                int tp = 0;
                for (int j : match(mine, ref)) {
                    tp += j >= 0 ? 1 : 0;
                }
                st[0][wo[r]] += tp;
                st[1][wo[r]] += mine.size() - tp;
                st[2][wo[r]] += ref.size() - tp;
            }
        }
        return st;
    }

    /** The spans of one cluster by exact offsets, with their weights, in the order first marked. */
    private static final class Cluster {
        final LinkedHashMap<Span, Double> variants = new LinkedHashMap<>();
        double weight;
        int count;

        void add(Span s, double om) {
            variants.merge(s, om, Double::sum);
            weight += om;
            count++;
        }

        /** The variant with the most weight; ties go to the earliest marked. */
        Span leader() {
            Span best = null;
            double bw = -1;
            for (Map.Entry<Span, Double> e : variants.entrySet()) {
                if (e.getValue() > bw) {
                    bw = e.getValue();
                    best = e.getKey();
                }
            }
            return best;
        }
    }
}
