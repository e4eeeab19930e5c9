package io.tessera.task.schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a valid label is for one kind. Each kind is one record in its own file that holds everything
 * the kind decides: which schema settings are valid (its static {@code of}), what a label looks like
 * ({@link #validate}) and what an item's data must hold ({@link #checkItemData}). The interface is
 * sealed and {@link LabelSchema} picks the record with an exhaustive switch, so adding a kind to
 * {@link LabelKind} does not compile until the kind has its rules. (A switch per concern inside
 * LabelSchema would spread one kind over three methods; one record per kind keeps it in one file
 * with its own tests.)
 */
sealed interface LabelRules permits Categorical, MultiLabel, Rating, BoundingBoxes, TextSpans, Transcription, Pairwise {

    /** Adds to {@code errors} what is wrong with {@code label}, a present, non-null JSON value, reported under {@code field}. */
    void validate(JsonNode label, JsonNode itemData, String field, Errors errors);

    /** Adds to {@code errors} what an item's data lacks for this kind; most kinds accept any data. */
    default void checkItemData(JsonNode data, String field, Errors errors) {
    }
}
