package io.tessera.quality.aggregation.numeric;

import io.tessera.quality.aggregation.ItemAnswers;
import java.util.Map;

/**
 * Merges numeric answers (ratings on an ordinal or interval scale, or any number) into one value per item with a
 * standard error, and estimates each worker's error. Implementations are immutable records of their parameters and
 * deterministic.
 */
public interface NumericAggregator {

    /** Short stable name: {@code mean}, {@code median}, {@code weighted}. */
    String name();

    /**
     * Fits.
     *
     * @param answers one number per (item, worker)
     * @param gold    known values of some items: those items get their gold value (standard error 0) and serve as
     *                the reference for the workers' errors
     */
    NumericResult fit(ItemAnswers<Double> answers, Map<String, Double> gold);

    default NumericResult fit(ItemAnswers<Double> answers) {
        return fit(answers, Map.of());
    }
}
