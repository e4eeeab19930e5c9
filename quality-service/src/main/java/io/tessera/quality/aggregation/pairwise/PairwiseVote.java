package io.tessera.quality.aggregation.pairwise;

import java.util.Locale;
import java.util.Objects;

/**
 * One worker's answer on a pair item: which of the two outputs is better. {@code left} and {@code right} identify the
 * outputs being ranked (shown as A and B, after the service has undone any flipping), so the same output met in
 * several pairs is one competitor; see docs/quality.md for how the service picks the ids.
 *
 * @param left    id of output A
 * @param right   id of output B
 * @param outcome the worker's answer
 */
public record PairwiseVote(String left, String right, Outcome outcome) {

    /** The pairwise label: "A" (left better), "B" (right better) or "tie". */
    public enum Outcome {
        A, B, TIE;

        /** The label as the schema spells it. */
        public String label() {
            return this == TIE ? "tie" : name();
        }

        /** Parses "A", "B" or "tie" (case-insensitive). */
        public static Outcome parse(String label) {
            return switch (label.toLowerCase(Locale.ROOT)) {
                case "a" -> A;
                case "b" -> B;
                case "tie" -> TIE;
                default -> throw new IllegalArgumentException("a pairwise label is A, B or tie: " + label);
            };
        }
    }

    public PairwiseVote {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(outcome, "outcome");
        if (left.equals(right)) {
            throw new IllegalArgumentException("an output cannot be compared with itself: " + left);
        }
    }

    /** A vote from the schema's label ("A", "B", "tie"). */
    public static PairwiseVote of(String left, String right, String label) {
        return new PairwiseVote(left, right, Outcome.parse(label));
    }
}
