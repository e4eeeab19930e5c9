package io.tessera.quality.aggregation.boxes;

import io.tessera.quality.aggregation.Assignment;
import io.tessera.quality.aggregation.ItemAnswers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Bounding-box merge: match boxes across workers by IoU, fuse each cluster weighted by worker reliability, keep the
 * clusters enough of the (weighted) workers found.
 *
 * <p>Per item, workers are taken by decreasing reliability (then worker id); each worker's boxes are matched one to
 * one against the current clusters' fused boxes ({@link Assignment}, IoU ≥ {@code iouThreshold}, same label unless
 * {@code matchAcrossLabels}); a matched box joins its cluster and moves the fused box (reliability-weighted mean of
 * the corners), an unmatched box starts a cluster. So a cluster holds at most one box per worker. A cluster's
 * support is the reliability-weighted share of the workers who answered the item (an empty answer, "nothing to box",
 * counts in the denominator); it is kept when its support is above {@code minShare} and at least {@code minWorkers}
 * workers drew it. With {@code matchAcrossLabels} a cluster's label is the weighted vote of its members (ties: the
 * smallest label).
 *
 * <p>Reliability: starting from 1, each round clusters every item, then sets each worker's reliability to the
 * smoothed F1 of their boxes against the kept boxes (gold boxes on gold items), (2·TP + 1) / (2·TP + FP + FN + 2)
 * with the same matching, until it changes by less than 1e-6 or after {@code maxRounds}.
 *
 * @param iouThreshold      least IoU for two boxes to be the same object (default 0.5)
 * @param minShare          a box is kept when its weighted support is above this (default 0.5: a weighted majority)
 * @param minWorkers        and at least this many workers drew it (default 1)
 * @param matching          greedy (default) or optimal matching of a worker's boxes to the clusters
 * @param matchAcrossLabels whether boxes of different labels may match (the label is then voted; default false)
 * @param weightWorkers     whether to weight by reliability (default true; false: every worker counts 1)
 * @param maxRounds         reliability rounds (default 10)
 */
public record BoxMerge(double iouThreshold, double minShare, int minWorkers, Assignment.Method matching,
                       boolean matchAcrossLabels, boolean weightWorkers, int maxRounds) {

    public BoxMerge() {
        this(0.5, 0.5, 1, Assignment.Method.GREEDY, false, true, 10);
    }

    public BoxMerge {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("iouThreshold must be in (0, 1]: " + iouThreshold);
        }
        if (!(minShare >= 0 && minShare < 1)) {
            throw new IllegalArgumentException("minShare must be in [0, 1): " + minShare);
        }
        if (minWorkers < 1 || maxRounds < 1) {
            throw new IllegalArgumentException("minWorkers and maxRounds must be >= 1");
        }
        Objects.requireNonNull(matching, "matching");
    }

    public BoxMerge withIouThreshold(double threshold) {
        return new BoxMerge(threshold, minShare, minWorkers, matching, matchAcrossLabels, weightWorkers, maxRounds);
    }

    /** Keep a box when its weighted support is above {@code share} and at least {@code workers} drew it. */
    public BoxMerge keeping(double share, int workers) {
        return new BoxMerge(iouThreshold, share, workers, matching, matchAcrossLabels, weightWorkers, maxRounds);
    }

    public BoxMerge withMatching(Assignment.Method method) {
        return new BoxMerge(iouThreshold, minShare, minWorkers, method, matchAcrossLabels, weightWorkers, maxRounds);
    }

    public BoxMerge acrossLabels() {
        return new BoxMerge(iouThreshold, minShare, minWorkers, matching, true, weightWorkers, maxRounds);
    }

    public BoxMerge unweighted() {
        return new BoxMerge(iouThreshold, minShare, minWorkers, matching, matchAcrossLabels, false, maxRounds);
    }

    public String name() {
        return weightWorkers ? "box-weighted" : "box";
    }

    public BoxResult fit(ItemAnswers<List<Box>> answers) {
        return fit(answers, Map.of());
    }

    /**
     * Fits.
     *
     * @param answers one list of boxes per (item, worker); an empty list means "nothing to box"
     * @param gold    known boxes of some items: output as they are and the reference for reliability
     */
    public BoxResult fit(ItemAnswers<List<Box>> answers, Map<String, ? extends List<Box>> gold) {
        int nw = answers.workerCount();
        int nItems = answers.itemCount();
        List<List<Box>> goldByItem = answers.goldByItem(gold);
        double[] weight = new double[nw];
        Arrays.fill(weight, 1.0);
        List<List<Cluster>> clusters = null;
        double[][] stats = null;
        int rounds = 0;
        while (true) {
            rounds++;
            clusters = new ArrayList<>(nItems);
            for (int t = 0; t < nItems; t++) {
                clusters.add(clusterItem(answers, t, weight));
            }
            stats = workerStats(answers, clusters, goldByItem);
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
        List<List<MergedBox>> merged = new ArrayList<>(nItems);
        double[] confidence = new double[nItems];
        for (int t = 0; t < nItems; t++) {
            List<Box> g = goldByItem.get(t);
            if (g != null) {
                merged.add(goldBoxes(answers, t, g));
                confidence[t] = 1.0;
                continue;
            }
            List<MergedBox> out = new ArrayList<>();
            double conf = 1.0;
            for (Cluster c : clusters.get(t)) {
                boolean kept = c.support > minShare && c.count >= minWorkers;
                out.add(new MergedBox(c.fused(), c.support, c.count, c.meanIou(), kept));
                conf = Math.min(conf, Math.max(c.support, 1 - c.support));
            }
            // most supported first; equal support keeps cluster creation order
            out.sort(Comparator.comparingDouble(b -> -b.support()));
            merged.add(List.copyOf(out));
            confidence[t] = conf;
        }
        return new BoxResult(name(), answers, merged, confidence, weightWorkers ? weight : null, stats, rounds);
    }

    /** Gold boxes as merged boxes: support 1, with how many workers drew a matching box. */
    private List<MergedBox> goldBoxes(ItemAnswers<List<Box>> answers, int t, List<Box> g) {
        int[] found = new int[g.size()];
        for (int r = answers.itemStart(t); r < answers.itemStart(t + 1); r++) {
            int[] m = Assignment.match(scores(answers.value(r), g), iouThreshold, matching);
            for (int j : m) {
                if (j >= 0) {
                    found[j]++;
                }
            }
        }
        List<MergedBox> out = new ArrayList<>();
        for (int j = 0; j < g.size(); j++) {
            out.add(new MergedBox(g.get(j), 1.0, found[j], 1.0, true));
        }
        return List.copyOf(out);
    }

    /** IoU of every box of a against every box of b, NaN across labels unless allowed. */
    double[][] scores(List<Box> a, List<Box> b) {
        double[][] s = new double[a.size()][b.size()];
        for (int i = 0; i < a.size(); i++) {
            Box x = a.get(i);
            for (int j = 0; j < b.size(); j++) {
                Box y = b.get(j);
                s[i][j] = matchAcrossLabels || x.label().equals(y.label()) ? x.iou(y) : Double.NaN;
            }
        }
        return s;
    }

    private List<Cluster> clusterItem(ItemAnswers<List<Box>> answers, int t, double[] weight) {
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
            List<Box> boxes = answers.value(r);
            if (boxes.isEmpty()) {
                continue;
            }
            double om = weight[wo[r]];
            double[][] s = new double[boxes.size()][clusters.size()];
            for (int i = 0; i < boxes.size(); i++) {
                Box b = boxes.get(i);
                for (int c = 0; c < clusters.size(); c++) {
                    Cluster cl = clusters.get(c);
                    s[i][c] = matchAcrossLabels || b.label().equals(cl.firstLabel) ? cl.iou(b) : Double.NaN;
                }
            }
            int[] m = Assignment.match(s, iouThreshold, matching);
            int existing = clusters.size();
            for (int i = 0; i < boxes.size(); i++) {
                if (m[i] >= 0) {
                    clusters.get(m[i]).add(boxes.get(i), om);
                } else {
                    Cluster cl = new Cluster(boxes.get(i).label());
                    cl.add(boxes.get(i), om);
                    clusters.add(cl);
                }
            }
            for (int c = 0; c < existing; c++) {
                clusters.get(c).refresh();
            }
        }
        for (Cluster c : clusters) {
            c.refresh();
            c.support = total > 0 ? c.weight / total : 0;
        }
        return clusters;
    }

    /** {TP, FP, FN, IoU sum over TP} per worker against the kept boxes (or gold). */
    private double[][] workerStats(ItemAnswers<List<Box>> answers, List<List<Cluster>> clusters,
                                   List<List<Box>> goldByItem) {
        int nw = answers.workerCount();
        double[][] st = new double[4][nw];
        int[] wo = answers.workerOf();
        for (int t = 0; t < answers.itemCount(); t++) {
            List<Box> ref = goldByItem.get(t);
            if (ref == null) {
                ref = new ArrayList<>();
                for (Cluster c : clusters.get(t)) {
                    if (c.support > minShare && c.count >= minWorkers) {
                        ref.add(c.fused());
                    }
                }
            }
            for (int r = answers.itemStart(t); r < answers.itemStart(t + 1); r++) {
                List<Box> mine = answers.value(r);
                double[][] s = scores(mine, ref);
                int[] m = Assignment.match(s, iouThreshold, matching);
                int tp = 0;
                double iouSum = 0;
                for (int i = 0; i < m.length; i++) {
                    if (m[i] >= 0) {
                        tp++;
                        iouSum += s[i][m[i]];
                    }
                }
                int w = wo[r];
                st[0][w] += tp;
                st[1][w] += mine.size() - tp;
                st[2][w] += ref.size() - tp;
                st[3][w] += iouSum;
            }
        }
        return st;
    }

    /** A growing cluster: weighted sums of the corners of its boxes. */
    private static final class Cluster {
        final String firstLabel;
        final List<Box> members = new ArrayList<>();
        final TreeMap<String, Double> labelWeight = new TreeMap<>();
        double weight;
        double sx1;
        double sy1;
        double sx2;
        double sy2;
        double fx1;
        double fy1;
        double fx2;
        double fy2;
        int count;
        double support;

        Cluster(String firstLabel) {
            this.firstLabel = firstLabel;
        }

        void add(Box b, double om) {
            members.add(b);
            count++;
            labelWeight.merge(b.label(), om, Double::sum);
            weight += om;
            sx1 += om * b.x();
            sy1 += om * b.y();
            sx2 += om * b.x2();
            sy2 += om * b.y2();
            if (count == 1) {
                refresh();
            }
        }

        /** Moves the fused box to the weighted mean of the members' corners (weights are always > 0). */
        void refresh() {
            fx1 = sx1 / weight;
            fy1 = sy1 / weight;
            fx2 = sx2 / weight;
            fy2 = sy2 / weight;
        }

        double iou(Box b) {
            return Box.iou(fx1, fy1, fx2, fy2, b.x(), b.y(), b.x2(), b.y2());
        }

        String label() {
            String best = firstLabel;
            double bw = -1;
            for (Map.Entry<String, Double> e : labelWeight.entrySet()) {
                if (e.getValue() > bw) {
                    bw = e.getValue();
                    best = e.getKey();
                }
            }
            return best;
        }

        Box fused() {
            return new Box(label(), fx1, fy1, fx2 - fx1, fy2 - fy1);
        }

        double meanIou() {
            double s = 0;
            for (Box b : members) {
                s += iou(b);
            }
            return s / count;
        }
    }
}
