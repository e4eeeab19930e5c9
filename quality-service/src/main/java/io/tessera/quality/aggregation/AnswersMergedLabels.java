package io.tessera.quality.aggregation;

import java.util.List;

/**
 * The part every non-categorical result shares: the algorithm's name and the {@link ItemAnswers} it was fitted on,
 * which number the items and workers. Subclasses add the per-kind answer, confidence and skill.
 *
 * @param <V> a worker's answer as the merge read it (e.g. {@code List<Box>}, {@code PairwiseVote})
 * @param <A> the merged answer per item
 */
public abstract class AnswersMergedLabels<V, A> implements MergedLabels<A> {
    private final String algorithm;
    private final ItemAnswers<V> answers;

    protected AnswersMergedLabels(String algorithm, ItemAnswers<V> answers) {
        this.algorithm = algorithm;
        this.answers = answers;
    }

    @Override
    public final String algorithm() {
        return algorithm;
    }

    /** The answers this result was fitted on (items and workers in id order). */
    public final ItemAnswers<V> answers() {
        return answers;
    }

    @Override
    public final List<String> items() {
        return answers.items();
    }

    @Override
    public final List<String> workers() {
        return answers.workers();
    }

    @Override
    public final int itemId(String item) {
        return answers.itemId(item);
    }

    @Override
    public final int workerId(String worker) {
        return answers.workerId(worker);
    }
}
