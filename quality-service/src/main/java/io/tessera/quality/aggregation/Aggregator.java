package io.tessera.quality.aggregation;

/**
 * A categorical truth-inference algorithm: from worker labels to a label, a posterior per label for every item, and
 * a skill (and where the model has one, a confusion matrix) for every worker.
 *
 * <p>Implementations are immutable and thread-safe: their fields are hyper-parameters, and {@code fit} keeps all
 * state on its own stack. Results are deterministic given the input (ties go to the lowest label index; random
 * restarts use a fixed seed).
 */
public interface Aggregator {

    /** Short stable name, as used on the command line ({@code mv}, {@code ds}, ...). */
    String name();

    /**
     * Fits the model.
     *
     * @param answers encoded worker labels
     * @param gold    known answers; every algorithm clamps the posteriors of gold items to their known label in every
     *                step, so gold both fixes those items and informs the worker estimates
     */
    AggregationResult fit(Answers answers, GoldLabels gold);

    /** Fits without gold. */
    default AggregationResult fit(Answers answers) {
        return fit(answers, GoldLabels.none());
    }
}
