package io.tessera.task.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.common.error.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * A job's label schema: what a valid label is. Parsed and checked once when the job is created;
 * {@link #validate(JsonNode, String)} checks each submitted label and each gold answer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LabelSchema(LabelKind kind, List<String> labels) {
    public static final int MAX_LABELS = 1000;

    /** Problems with the schema itself, reported under {@code schema.*}. */
    public List<FieldError> problems() {
        List<FieldError> errors = new ArrayList<>();
        if (kind == null) {
            errors.add(new FieldError("schema.kind", "is required; one of " + LabelKind.names()));
            return errors;
        }
        if (kind.needsLabels()) {
            if (labels == null || labels.size() < 2) {
                errors.add(new FieldError("schema.labels", "needs at least two labels for kind " + kind.json()));
            } else if (labels.size() > MAX_LABELS) {
                errors.add(new FieldError("schema.labels", "has more than " + MAX_LABELS + " labels"));
            } else {
                for (int i = 0; i < labels.size(); i++) {
                    String label = labels.get(i);
                    if (label == null || label.isBlank() || label.length() > 200) {
                        errors.add(new FieldError("schema.labels[" + i + "]", "must be 1 to 200 characters"));
                    }
                }
                if (new HashSet<>(labels).size() != labels.size()) {
                    errors.add(new FieldError("schema.labels", "must not repeat a label"));
                }
            }
        }
        return errors;
    }

    /** What is wrong with {@code label} under this schema, reported under {@code field}; empty when valid. */
    public List<FieldError> validate(JsonNode label, String field) {
        if (label == null || label.isNull() || label.isMissingNode()) {
            return List.of(new FieldError(field, "is required"));
        }
        return switch (kind) {
            case CATEGORICAL -> label.isTextual() && labels.contains(label.textValue())
                    ? List.of()
                    : List.of(new FieldError(field, "must be one of " + labels));
        };
    }
}
