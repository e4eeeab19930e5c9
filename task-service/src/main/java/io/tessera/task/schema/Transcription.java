package io.tessera.task.schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code transcription}: the label is a JSON string of at most {@code maxLength} characters
 * (Unicode code points; default {@value #DEFAULT_MAX_LENGTH}) and, when the schema sets
 * {@code minLength}, at least that many not counting leading and trailing whitespace (so a
 * required transcription cannot be a few spaces). The empty string is an answer unless minLength
 * says otherwise.
 */
record Transcription(int minLength, int maxLength) implements LabelRules {
    public static final int DEFAULT_MAX_LENGTH = 10_000;
    public static final int MAX_LENGTH = 1_000_000;

    static Transcription of(LabelSchema schema, Errors problems) {
        int max = schema.maxLength() == null ? DEFAULT_MAX_LENGTH : schema.maxLength();
        int min = schema.minLength() == null ? 0 : schema.minLength();
        if (max < 1 || max > MAX_LENGTH) {
            problems.add("schema.maxLength", "must be from 1 to " + MAX_LENGTH + "; got " + max);
        } else if (min < 0 || min > max) {
            problems.add("schema.minLength", "must be from 0 to maxLength (" + max + "); got " + min);
        }
        return new Transcription(min, max);
    }

    @Override
    public void validate(JsonNode label, JsonNode itemData, String field, Errors errors) {
        if (!label.isTextual()) {
            errors.add(field, "must be a string (the transcription); got " + Json.describe(label));
            return;
        }
        String text = label.textValue();
        int length = Json.length(text);
        if (length > maxLength) {
            errors.add(field, "has " + length + " characters; at most " + maxLength + " are allowed");
        } else if (minLength > 0 && Json.length(text.strip()) < minLength) {
            errors.add(field, "has " + Json.length(text.strip()) + " characters besides surrounding whitespace; at least "
                    + minLength + " are required");
        }
    }
}
