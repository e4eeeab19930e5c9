package io.tessera.quality.aggregation;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What every merge of a non-categorical label kind gives back, so the service can store results of any kind the
 * same way: per item the merged answer and one confidence in [0, 1], per worker a skill. Each kind's result class
 * adds its own detail (per-label posteriors, per-box support, standard errors, intervals, ...).
 *
 * <p>Confidence and skill mean different things per kind; {@link #confidenceMeaning()} and {@link #skillMeaning()}
 * say what, in one sentence, for reports.
 *
 * @param <A> the merged answer type (the same shape as one worker's label of that kind)
 */
public interface MergedLabels<A> {

    /** Short stable name of the algorithm that produced this result. */
    String algorithm();

    /** Items in id order (the order of {@link ItemAnswers#items()}). */
    List<String> items();

    /** Workers in id order. */
    List<String> workers();

    /** Item id of a name, or -1. */
    int itemId(String item);

    /** Worker id of a name, or -1. */
    int workerId(String worker);

    /** Merged answer of item t (by dense id). */
    A answer(int t);

    /** Confidence of item t's answer, in [0, 1]. */
    double confidence(int t);

    /** Skill of worker w (see {@link #skillMeaning()}); NaN when unknown. */
    double skill(int w);

    /** What {@link #confidence(int)} means, in one sentence. */
    String confidenceMeaning();

    /** What {@link #skill(int)} means, in one sentence. */
    String skillMeaning();

    /** Merged answer of an item, empty if the item had no answers. */
    default Optional<A> answer(String item) {
        int t = itemId(item);
        return t < 0 ? Optional.empty() : Optional.of(answer(t));
    }

    /** Confidence of an item's answer, empty if the item had no answers. */
    default OptionalDouble confidence(String item) {
        int t = itemId(item);
        return t < 0 ? OptionalDouble.empty() : OptionalDouble.of(confidence(t));
    }

    /** Skill of a worker, empty if the worker gave no answers. */
    default OptionalDouble skill(String worker) {
        int w = workerId(worker);
        return w < 0 ? OptionalDouble.empty() : OptionalDouble.of(skill(w));
    }
}
