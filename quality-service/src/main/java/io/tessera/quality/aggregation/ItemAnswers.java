package io.tessera.quality.aggregation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Worker answers of any non-categorical kind (a number, a label set, a list of boxes or spans, a text), with items
 * and workers encoded once to dense int ids: the counterpart of {@link Answers} for the other label kinds.
 *
 * <p>Items and workers are numbered in order of first appearance. Rows are stored grouped by item (stable), so the
 * answers of item {@code t} are the rows {@code itemStart(t) .. itemStart(t + 1) - 1}, and {@link #workerRows()}
 * lists the rows of each worker. The int arrays are shared, not copied: algorithms read them and must not write them.
 * Values are whatever the kind's aggregator takes ({@code Double}, {@code Set<String>}, {@code List<Box>}, ...); they
 * should be immutable.
 *
 * @param <V> the answer type
 */
public final class ItemAnswers<V> {

    private final List<String> items;
    private final List<String> workers;
    private final Map<String, Integer> itemIndex;
    private final Map<String, Integer> workerIndex;
    private final int[] item;
    private final int[] worker;
    private final List<V> values;
    private final int[] itemStart;
    private final int[] workerStart;
    private final int[] workerRows;
    private final int duplicatesDropped;

    private ItemAnswers(List<String> items, List<String> workers, int[] item, int[] worker, List<V> values,
                        int duplicatesDropped) {
        this.items = Collections.unmodifiableList(items);
        this.workers = Collections.unmodifiableList(workers);
        this.itemIndex = indexOf(items);
        this.workerIndex = indexOf(workers);
        this.duplicatesDropped = duplicatesDropped;
        int n = item.length;
        int nItems = items.size();
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
        Object[] sorted = new Object[n];
        for (int r = 0; r < n; r++) {
            int pos = next[item[r]]++;
            this.item[pos] = item[r];
            this.worker[pos] = worker[r];
            sorted[pos] = values.get(r);
        }
        @SuppressWarnings("unchecked")
        List<V> v = (List<V>) Collections.unmodifiableList(Arrays.asList(sorted));
        this.values = v;
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

    public static <V> Builder<V> builder() {
        return new Builder<>();
    }

    /** Number of rows (answers). */
    public int size() {
        return item.length;
    }

    public int itemCount() {
        return items.size();
    }

    public int workerCount() {
        return workers.size();
    }

    public List<String> items() {
        return items;
    }

    public List<String> workers() {
        return workers;
    }

    public String item(int t) {
        return items.get(t);
    }

    public String worker(int w) {
        return workers.get(w);
    }

    /** Item id of a name, or -1. */
    public int itemId(String name) {
        Integer i = itemIndex.get(name);
        return i == null ? -1 : i;
    }

    /** Worker id of a name, or -1. */
    public int workerId(String name) {
        Integer i = workerIndex.get(name);
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

    /** The answer of row r. */
    public V value(int r) {
        return values.get(r);
    }

    /** Answers in row order (unmodifiable). */
    public List<V> values() {
        return values;
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

    /** Rows dropped by the duplicate policy. */
    public int duplicatesDropped() {
        return duplicatesDropped;
    }

    /**
     * Encodes gold answers (item name to answer) against the item ids: a list indexed by item id, null where there is
     * no gold. Gold for items without answers is ignored.
     */
    public List<V> goldByItem(Map<String, ? extends V> gold) {
        List<V> g = new ArrayList<>(Collections.nCopies(itemCount(), null));
        for (Map.Entry<String, ? extends V> e : gold.entrySet()) {
            int t = itemId(e.getKey());
            if (t >= 0) {
                g.set(t, Objects.requireNonNull(e.getValue(), "gold answer of " + e.getKey()));
            }
        }
        return g;
    }

    /**
     * Collects rows, then encodes them. Not thread-safe. The default duplicate policy is
     * {@link Answers.Duplicates#KEEP_LAST}: one answer per worker and item, a resubmission replacing the earlier one
     * (the aggregators of these kinds treat the rows of an item as one answer per worker).
     */
    public static final class Builder<V> {
        private final LinkedHashMap<String, Integer> items = new LinkedHashMap<>();
        private final LinkedHashMap<String, Integer> workers = new LinkedHashMap<>();
        private final HashMap<Long, Integer> rowOf = new HashMap<>();
        private int[] item = new int[256];
        private int[] worker = new int[256];
        private boolean[] dropped = new boolean[256];
        private final List<V> values = new ArrayList<>();
        private int n;
        private Answers.Duplicates duplicates = Answers.Duplicates.KEEP_LAST;
        private int droppedCount;

        private Builder() {
        }

        /** What to do with a second answer of the same worker on the same item; default KEEP_LAST. */
        public Builder<V> duplicates(Answers.Duplicates policy) {
            this.duplicates = Objects.requireNonNull(policy);
            return this;
        }

        public Builder<V> add(String itemName, String workerName, V value) {
            Objects.requireNonNull(itemName, "item");
            Objects.requireNonNull(workerName, "worker");
            Objects.requireNonNull(value, "value");
            int t = items.computeIfAbsent(itemName, k -> items.size());
            int w = workers.computeIfAbsent(workerName, k -> workers.size());
            long key = ((long) t << 32) | (w & 0xffffffffL);
            Integer previous = rowOf.get(key);
            if (previous != null) {
                if (duplicates == Answers.Duplicates.KEEP_FIRST) {
                    droppedCount++;
                    return this;
                }
                if (duplicates == Answers.Duplicates.KEEP_LAST) {
                    dropped[previous] = true;
                    droppedCount++;
                }
            }
            if (n == item.length) {
                item = Arrays.copyOf(item, 2 * n);
                worker = Arrays.copyOf(worker, 2 * n);
                dropped = Arrays.copyOf(dropped, 2 * n);
            }
            rowOf.put(key, n);
            item[n] = t;
            worker[n] = w;
            values.add(value);
            n++;
            return this;
        }

        public ItemAnswers<V> build() {
            int kept = n - (duplicates == Answers.Duplicates.KEEP_LAST ? droppedCount : 0);
            int[] it = new int[kept];
            int[] wo = new int[kept];
            List<V> va = new ArrayList<>(kept);
            int j = 0;
            for (int r = 0; r < n; r++) {
                if (!dropped[r]) {
                    it[j] = item[r];
                    wo[j] = worker[r];
                    va.add(values.get(r));
                    j++;
                }
            }
            return new ItemAnswers<>(new ArrayList<>(items.keySet()), new ArrayList<>(workers.keySet()), it, wo, va,
                    droppedCount);
        }
    }
}
