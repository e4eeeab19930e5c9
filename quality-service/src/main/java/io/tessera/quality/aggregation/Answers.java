package io.tessera.quality.aggregation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Worker labels for categorical items, encoded once to dense int ids.
 *
 * <p>Items and workers are numbered in order of first appearance; labels are sorted (numerically when every label
 * parses as a number, else as strings), so label index 0 is the smallest label. That order is also the tie-break
 * order of every algorithm: a tie goes to the lowest label index, which reproduces pandas' {@code idxmax} over sorted
 * columns in Crowd-Kit.
 *
 * <p>Rows are stored sorted by item (stable), so the answers of item {@code t} are the rows
 * {@code itemStart(t) .. itemStart(t + 1) - 1}. The arrays returned by {@link #itemOf()}, {@link #workerOf()} and
 * {@link #labelOf()} are shared, not copied: algorithms read them in their inner loops and must not write them.
 */
public final class Answers {

    /** What to do with a second label of the same worker on the same item. */
    public enum Duplicates {
        /** Keep every row, as Crowd-Kit does (the worker votes twice). */
        KEEP_ALL,
        /** Keep the first row seen, drop later ones. */
        KEEP_FIRST,
        /** Keep the last row seen (a correction replaces the earlier label). */
        KEEP_LAST
    }

    private final List<String> items;
    private final List<String> workers;
    private final List<String> labels;
    /** Name → id maps, built on first use: a generated crowd of millions of items never needs them. */
    private volatile Map<String, Integer> itemIndex;
    private volatile Map<String, Integer> workerIndex;
    private final Map<String, Integer> labelIndex;
    private final int[] item;
    private final int[] worker;
    private final int[] label;
    private final int[] itemStart;
    private final int[] workerStart;
    private final int[] workerRows;
    private final int duplicatesSeen;
    private final int duplicatesDropped;

    private Answers(List<String> items, List<String> workers, List<String> labels, int[] item, int[] worker,
                    int[] label, int duplicatesSeen, int duplicatesDropped) {
        this.items = Collections.unmodifiableList(items);
        this.workers = Collections.unmodifiableList(workers);
        this.labels = Collections.unmodifiableList(labels);
        this.labelIndex = indexOf(labels);
        this.duplicatesSeen = duplicatesSeen;
        this.duplicatesDropped = duplicatesDropped;
        int n = item.length;
        int nItems = items.size();
        // counting sort by item, stable
        this.itemStart = new int[nItems + 1];
        for (int r = 0; r < n; r++) {
            itemStart[item[r] + 1]++;
        }
        for (int t = 0; t < nItems; t++) {
            itemStart[t + 1] += itemStart[t];
        }
        int[] next = Arrays.copyOf(itemStart, nItems);
        this.item = new int[n];
        this.worker = new int[n];
        this.label = new int[n];
        for (int r = 0; r < n; r++) {
            int pos = next[item[r]]++;
            this.item[pos] = item[r];
            this.worker[pos] = worker[r];
            this.label[pos] = label[r];
        }
        int nWorkers = workers.size();
        this.workerStart = new int[nWorkers + 1];
        for (int r = 0; r < n; r++) {
            workerStart[this.worker[r] + 1]++;
        }
        for (int w = 0; w < nWorkers; w++) {
            workerStart[w + 1] += workerStart[w];
        }
        int[] wnext = Arrays.copyOf(workerStart, nWorkers);
        this.workerRows = new int[n];
        for (int r = 0; r < n; r++) {
            workerRows[wnext[this.worker[r]]++] = r;
        }
    }

    private static Map<String, Integer> indexOf(List<String> names) {
        Map<String, Integer> m = new HashMap<>(names.size() * 2);
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), i);
        }
        return m;
    }

    /**
     * Answers from rows already encoded to dense ids (items {@code 0..items-1}, workers {@code 0..workers-1}, label ids
     * indexing {@code labels}, which must already be in {@link #labelOrder} order), without strings or maps: for
     * generated crowds of millions of rows. Item and worker names are {@code "t" + id} and {@code "w" + id}, made on
     * demand. The arrays are read, not kept.
     */
    public static Answers encoded(int items, int workers, List<String> labels, int[] item, int[] worker, int[] label) {
        if (item.length != worker.length || item.length != label.length) {
            throw new IllegalArgumentException("item, worker and label arrays differ in length");
        }
        List<String> sorted = new ArrayList<>(labels);
        sorted.sort(labelOrder(sorted));
        if (!sorted.equals(labels)) {
            throw new IllegalArgumentException("labels must be in label order: " + sorted);
        }
        for (int r = 0; r < item.length; r++) {
            if (item[r] < 0 || item[r] >= items || worker[r] < 0 || worker[r] >= workers || label[r] < 0
                    || label[r] >= labels.size()) {
                throw new IllegalArgumentException("row " + r + " is out of range");
            }
        }
        return new Answers(generatedNames("t", items), generatedNames("w", workers), new ArrayList<>(labels), item,
                worker, label, 0, 0);
    }

    private static List<String> generatedNames(String prefix, int n) {
        return new java.util.AbstractList<>() {
            @Override
            public String get(int i) {
                Objects.checkIndex(i, n);
                return prefix + i;
            }

            @Override
            public int size() {
                return n;
            }
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Answers from rows of (item, worker, label), keeping every row. */
    public static Answers of(Collection<Answer> rows) {
        Builder b = builder();
        rows.forEach(b::add);
        return b.build();
    }

    /** One raw row. */
    public record Answer(String item, String worker, String label) {
        public Answer {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(worker, "worker");
            Objects.requireNonNull(label, "label");
        }
    }

    public int size() {
        return item.length;
    }

    public int itemCount() {
        return items.size();
    }

    public int workerCount() {
        return workers.size();
    }

    public int labelCount() {
        return labels.size();
    }

    public List<String> items() {
        return items;
    }

    public List<String> workers() {
        return workers;
    }

    public List<String> labels() {
        return labels;
    }

    public String item(int t) {
        return items.get(t);
    }

    public String worker(int w) {
        return workers.get(w);
    }

    public String label(int k) {
        return labels.get(k);
    }

    /** Item id of a name, or -1. */
    public int itemId(String name) {
        Map<String, Integer> index = itemIndex;
        if (index == null) {
            itemIndex = index = indexOf(items);
        }
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    /** Worker id of a name, or -1. */
    public int workerId(String name) {
        Map<String, Integer> index = workerIndex;
        if (index == null) {
            workerIndex = index = indexOf(workers);
        }
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    /** Label id of a name, or -1. */
    public int labelId(String name) {
        Integer i = labelIndex.get(name);
        return i == null ? -1 : i;
    }

    /** Item id of each row (rows sorted by item). Shared array: do not modify. */
    public int[] itemOf() {
        return item;
    }

    /** Worker id of each row. Shared array: do not modify. */
    public int[] workerOf() {
        return worker;
    }

    /** Label id of each row. Shared array: do not modify. */
    public int[] labelOf() {
        return label;
    }

    /** First row of item t; rows of t end before {@code itemStart(t + 1)}. */
    public int itemStart(int t) {
        return itemStart[t];
    }

    /** Offsets of items into the rows (length items + 1). Shared array: do not modify. */
    public int[] itemOffsets() {
        return itemStart;
    }

    /** Offsets of workers into {@link #workerRows()} (length workers + 1). Shared array: do not modify. */
    public int[] workerOffsets() {
        return workerStart;
    }

    /** Row numbers grouped by worker. Shared array: do not modify. */
    public int[] workerRows() {
        return workerRows;
    }

    /** Number of rows of item t. */
    public int itemSize(int t) {
        return itemStart[t + 1] - itemStart[t];
    }

    /** Number of rows of worker w. */
    public int workerSize(int w) {
        return workerStart[w + 1] - workerStart[w];
    }

    /** Rows that repeated an earlier (item, worker) pair, whether kept or dropped. */
    public int duplicatesSeen() {
        return duplicatesSeen;
    }

    /** Rows dropped by the duplicate policy. */
    public int duplicatesDropped() {
        return duplicatesDropped;
    }

    /** Label counts per item, flat [item * K + label]. */
    public double[] voteCounts() {
        int k = labelCount();
        double[] counts = new double[itemCount() * k];
        for (int r = 0; r < item.length; r++) {
            counts[item[r] * k + label[r]] += 1.0;
        }
        return counts;
    }

    /** Collects rows, then encodes them. Not thread-safe. */
    public static final class Builder {
        private final LinkedHashMap<String, Integer> items = new LinkedHashMap<>();
        private final LinkedHashMap<String, Integer> workers = new LinkedHashMap<>();
        private final LinkedHashMap<String, Integer> rawLabels = new LinkedHashMap<>();
        private final List<String> declared = new ArrayList<>();
        private int[] item = new int[1024];
        private int[] worker = new int[1024];
        private int[] label = new int[1024];
        private boolean[] dropped = new boolean[1024];
        private int n;
        private Duplicates duplicates = Duplicates.KEEP_ALL;
        private final HashMap<Long, Integer> seen = new HashMap<>();
        private int duplicatesSeen;

        private Builder() {
        }

        /** Duplicate (item, worker) policy; default {@link Duplicates#KEEP_ALL}. */
        public Builder duplicates(Duplicates policy) {
            this.duplicates = Objects.requireNonNull(policy);
            return this;
        }

        /**
         * Declares labels that belong to the label space even if no worker chose them (for example the job schema's
         * labels, or the labels of gold answers).
         */
        public Builder declareLabels(Collection<String> labels) {
            for (String l : labels) {
                declared.add(Objects.requireNonNull(l));
                rawLabels.putIfAbsent(l, rawLabels.size());
            }
            return this;
        }

        public Builder add(Answer a) {
            return add(a.item(), a.worker(), a.label());
        }

        public Builder add(String itemName, String workerName, String labelName) {
            Objects.requireNonNull(itemName, "item");
            Objects.requireNonNull(workerName, "worker");
            Objects.requireNonNull(labelName, "label");
            int t = items.computeIfAbsent(itemName, k -> items.size());
            int w = workers.computeIfAbsent(workerName, k -> workers.size());
            int l = rawLabels.computeIfAbsent(labelName, k -> rawLabels.size());
            if (n == item.length) {
                int cap = n * 2;
                item = Arrays.copyOf(item, cap);
                worker = Arrays.copyOf(worker, cap);
                label = Arrays.copyOf(label, cap);
                dropped = Arrays.copyOf(dropped, cap);
            }
            long key = ((long) t << 32) | (w & 0xffffffffL);
            Integer previous = seen.putIfAbsent(key, n);
            if (previous != null) {
                duplicatesSeen++;
                if (duplicates == Duplicates.KEEP_FIRST) {
                    return this;
                }
                if (duplicates == Duplicates.KEEP_LAST) {
                    dropped[previous] = true;
                    seen.put(key, n);
                }
            }
            item[n] = t;
            worker[n] = w;
            label[n] = l;
            n++;
            return this;
        }

        public Answers build() {
            List<String> rawNames = new ArrayList<>(rawLabels.keySet());
            List<String> sorted = new ArrayList<>(rawNames);
            sorted.sort(labelOrder(sorted));
            int[] remap = new int[rawNames.size()];
            Map<String, Integer> sortedIndex = indexOf(sorted);
            for (int i = 0; i < rawNames.size(); i++) {
                remap[i] = sortedIndex.get(rawNames.get(i));
            }
            int kept = 0;
            int droppedCount = 0;
            for (int r = 0; r < n; r++) {
                if (dropped[r]) {
                    droppedCount++;
                } else {
                    kept++;
                }
            }
            if (duplicates == Duplicates.KEEP_FIRST) {
                droppedCount = duplicatesSeen;
            }
            int[] it = new int[kept];
            int[] wo = new int[kept];
            int[] la = new int[kept];
            int j = 0;
            for (int r = 0; r < n; r++) {
                if (!dropped[r]) {
                    it[j] = item[r];
                    wo[j] = worker[r];
                    la[j] = remap[label[r]];
                    j++;
                }
            }
            return new Answers(new ArrayList<>(items.keySet()), new ArrayList<>(workers.keySet()), sorted, it, wo, la,
                    duplicatesSeen, droppedCount);
        }
    }

    /** The label order used everywhere: numeric when every label is a number, else plain string order. */
    public static Comparator<String> labelOrder(List<String> labels) {
        boolean numeric = !labels.isEmpty();
        for (String l : labels) {
            if (!isNumber(l)) {
                numeric = false;
                break;
            }
        }
        if (numeric) {
            return Comparator.<String>comparingDouble(s -> Double.parseDouble(s.trim())).thenComparing(s -> s);
        }
        return Comparator.naturalOrder();
    }

    private static boolean isNumber(String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            return false;
        }
        try {
            double d = Double.parseDouble(t);
            return !Double.isNaN(d) && !Double.isInfinite(d);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
