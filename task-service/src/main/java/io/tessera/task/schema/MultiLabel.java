package io.tessera.task.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code multi-label}: the label is a JSON array of distinct labels of the schema, in any order,
 * with at least {@code minSelected} (default 0: "none apply" is an answer) and at most
 * {@code maxSelected} (default: all) of them.
 */
record MultiLabel(LabelSet labels, int minSelected, int maxSelected) implements LabelRules {

    static MultiLabel of(LabelSchema schema, LabelSet labels, Errors problems) {
        int count = labels == null ? Integer.MAX_VALUE : labels.names().size();
        int min = schema.minSelected() == null ? 0 : schema.minSelected();
        int max = schema.maxSelected() == null ? count : schema.maxSelected();
        if (labels != null) {
            if (min < 0 || min > count) {
                problems.add("schema.minSelected", "must be from 0 to the number of labels (" + count + "); got " + min);
            }
            if (max < 1 || max > count) {
                problems.add("schema.maxSelected", "must be from 1 to the number of labels (" + count + "); got " + max);
            } else if (max < min) {
                problems.add("schema.maxSelected", "must be at least minSelected (" + min + "); got " + max);
            }
        }
        return new MultiLabel(labels, min, max);
    }

    @Override
    public void validate(JsonNode label, JsonNode itemData, String field, Errors errors) {
        if (!label.isArray()) {
            errors.add(field, "must be an array of distinct labels, each " + labels.oneOf() + "; got " + Json.describe(label));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < label.size() && !errors.full(); i++) {
            JsonNode element = label.get(i);
            String at = field + "[" + i + "]";
            if (!element.isTextual()) {
                errors.add(at, "must be a string, " + labels.oneOf() + "; got " + Json.describe(element));
            } else if (!labels.contains(element)) {
                errors.add(at, "must be " + labels.oneOf() + "; got '" + element.textValue() + "'");
            } else if (!seen.add(element.textValue())) {
                errors.add(at, "repeats '" + element.textValue() + "'; each label may be chosen once");
            }
        }
        if (label.size() < minSelected) {
            errors.add(field, "has " + label.size() + " label(s); choose at least " + minSelected);
        } else if (label.size() > maxSelected) {
            errors.add(field, "has " + label.size() + " label(s); choose at most " + maxSelected);
        }
    }
}
