package io.tessera.quality.aggregation.spans;

import java.util.Comparator;
import java.util.Objects;

/**
 * A labelled text span as a worker marks it: {@code [start, end)} in code points (the task-service label shape
 * {@code {label, start, end}}).
 */
public record Span(String label, int start, int end) {

    /** By start, then end, then label: the output order of merged spans. */
    public static final Comparator<Span> ORDER = Comparator.comparingInt(Span::start).thenComparingInt(Span::end)
            .thenComparing(Span::label);

    public Span {
        Objects.requireNonNull(label, "label");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("a span needs 0 <= start < end: [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    /** Whether the two overlap (spans that only touch, [0, 3) and [3, 8), do not). */
    public boolean overlaps(Span o) {
        return start < o.end && o.start < end;
    }

    /** Overlap length over union length (labels ignored); 1 for the same offsets. */
    public double iou(Span o) {
        int inter = Math.min(end, o.end) - Math.max(start, o.start);
        if (inter <= 0) {
            return 0;
        }
        return (double) inter / (length() + o.length() - inter);
    }
}
