package io.tessera.task.schema;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code categorical}: the label is one of the schema's labels, as a JSON string. */
record Categorical(LabelSet labels) implements LabelRules {

    @Override
    public void validate(JsonNode label, JsonNode itemData, String field, Errors errors) {
        if (!label.isTextual()) {
            errors.add(field, "must be a string, " + labels.oneOf() + "; got " + Json.describe(label));
        } else if (!labels.contains(label)) {
            errors.add(field, "must be " + labels.oneOf() + "; got '" + label.textValue() + "'");
        }
    }
}
