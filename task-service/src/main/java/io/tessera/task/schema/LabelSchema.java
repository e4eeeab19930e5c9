package io.tessera.task.schema;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.common.error.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A job's label schema: what a valid label is. The JSON fields are the API (docs/task-service.md,
 * "Label kinds"); each kind reads {@code kind} and the fields {@link LabelKind#fields()} lists, and
 * the other fields stay absent. Checked once when the job is created ({@link #problems()}); then
 * {@link #validate} checks each submitted label and each gold answer, and {@link #checkItemData}
 * each uploaded item. The rules of each kind live in one record per kind ({@link LabelRules}).
 *
 * <p>Defaults that a worker's UI needs are filled in when the schema is read, so the stored and
 * returned schema is explicit: {@code maxLength} of a transcription, {@code allowTie} of a pairwise
 * job, {@code step} (1) of an ordinal rating.
 *
 * @param unknownFields fields the client sent that no kind has (a typo such as {@code maxSelect});
 *     kept only so that {@link #problems()} can name them, never stored (a valid schema has none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LabelSchema(
        LabelKind kind,
        List<String> labels,
        Integer minSelected,
        Integer maxSelected,
        BigDecimal min,
        BigDecimal max,
        BigDecimal step,
        String scale,
        Integer maxBoxes,
        Boolean allowOverlap,
        Integer minLength,
        Integer maxLength,
        Boolean allowTie,
        @JsonAnySetter @JsonAnyGetter @Schema(hidden = true) Map<String, JsonNode> unknownFields) {
    public static final int MAX_LABELS = 1000;
    public static final int MAX_LABEL_LENGTH = 200;

    public LabelSchema {
        labels = labels == null ? null : Collections.unmodifiableList(new ArrayList<>(labels)); // may hold nulls until checked
        unknownFields = unknownFields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(unknownFields));
        if (kind == LabelKind.TRANSCRIPTION && maxLength == null) {
            maxLength = Transcription.DEFAULT_MAX_LENGTH;
        }
        if (kind == LabelKind.PAIRWISE && allowTie == null) {
            allowTie = true;
        }
        if (kind == LabelKind.RATING && step == null && Rating.ORDINAL.equals(scale)) {
            step = BigDecimal.ONE;
        }
    }

    /** A schema of a kind that needs only labels (categorical, multi-label, bounding-boxes, text-spans). */
    public static LabelSchema of(LabelKind kind, List<String> labels) {
        return new LabelSchema(kind, labels, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Problems with the schema itself, reported under {@code schema.*}; empty when it is valid. */
    public List<FieldError> problems() {
        Errors problems = new Errors();
        if (kind == null) {
            problems.add("schema.kind", "is missing or unknown; expected one of " + LabelKind.names());
            return problems.list();
        }
        for (String name : unknownFields.keySet()) {
            problems.add("schema." + name, "is not a schema field; kind " + kind.json() + " reads " + kind.fields());
        }
        for (String name : settings().keySet()) {
            if (!kind.fields().contains(name)) {
                problems.add("schema." + name, "is not used by kind " + kind.json() + ", which reads " + kind.fields());
            }
        }
        rules(problems);
        return problems.list();
    }

    /**
     * What is wrong with {@code label} under this schema, reported under {@code field} and JSON paths
     * beneath it ({@code label[2].x}); empty when it is valid. {@code itemData} is the item's data:
     * bounding boxes are checked against its {@code width} and {@code height}, text spans against its
     * {@code text} (see {@link LabelKind#labelNeedsItemData()}); when it is null those bounds are not
     * checked. At most {@value Errors#MAX} errors are reported.
     */
    public List<FieldError> validate(JsonNode label, JsonNode itemData, String field) {
        return checker().validate(label, itemData, field);
    }

    /**
     * What an uploaded item's {@code data} lacks for this kind, reported under {@code field}
     * ({@code data.width}); empty when it is fine. Bounding boxes need {@code width} and
     * {@code height}, text spans {@code text}, pairwise {@code a} and {@code b}; the other kinds take
     * any data.
     */
    public List<FieldError> checkItemData(JsonNode data, String field) {
        return checker().checkItemData(data, field);
    }

    /**
     * The schema read once, to check many labels or items (an upload) without reading it again for
     * each: {@link #validate} and {@link #checkItemData} build one per call.
     *
     * @throws IllegalStateException when the schema has {@link #problems()}
     */
    public Checker checker() {
        return new Checker(rules());
    }

    /** {@link LabelSchema#validate} and {@link LabelSchema#checkItemData} of one schema. */
    public static final class Checker {
        private final LabelRules rules;

        private Checker(LabelRules rules) {
            this.rules = rules;
        }

        /** See {@link LabelSchema#validate}. */
        public List<FieldError> validate(JsonNode label, JsonNode itemData, String field) {
            if (label == null || label.isNull() || label.isMissingNode()) {
                return List.of(new FieldError(field, "is required"));
            }
            if (Json.containsNul(label)) {
                return List.of(new FieldError(field, "must not contain the character U+0000 (NUL)"));
            }
            Errors errors = new Errors();
            rules.validate(label, itemData, field, errors);
            return errors.list();
        }

        /** See {@link LabelSchema#checkItemData}. */
        public List<FieldError> checkItemData(JsonNode data, String field) {
            Errors errors = new Errors();
            rules.checkItemData(data, field, errors);
            return errors.list();
        }
    }

    /** The rules of a schema that passed {@link #problems()}. */
    LabelRules rules() {
        Errors problems = new Errors();
        LabelRules rules = kind == null ? null : rules(problems);
        if (rules == null || problems.size() > 0) {
            throw new IllegalStateException("invalid label schema " + this + ": " + problems.list());
        }
        return rules;
    }

    private LabelRules rules(Errors problems) {
        LabelSet labels = labels(problems);
        return switch (kind) {
            case CATEGORICAL -> new Categorical(labels);
            case MULTI_LABEL -> MultiLabel.of(this, labels, problems);
            case RATING -> Rating.of(this, problems);
            case BOUNDING_BOXES -> BoundingBoxes.of(this, labels, problems);
            case TEXT_SPANS -> TextSpans.of(this, labels);
            case TRANSCRIPTION -> Transcription.of(this, problems);
            case PAIRWISE -> Pairwise.of(this);
        };
    }

    /** The labels as a set when the kind needs them and they are valid, else null after reporting why. */
    private LabelSet labels(Errors problems) {
        if (!kind.needsLabels()) {
            return null;
        }
        String needed = "at least " + kind.minLabels() + (kind.minLabels() == 1 ? " label" : " labels")
                + " for kind " + kind.json();
        if (labels == null || labels.isEmpty()) {
            problems.add("schema.labels", "is required: " + needed);
            return null;
        }
        if (labels.size() < kind.minLabels()) {
            problems.add("schema.labels", "needs " + needed);
            return null;
        }
        if (labels.size() > MAX_LABELS) {
            problems.add("schema.labels", "has " + labels.size() + " labels; at most " + MAX_LABELS + " are allowed");
            return null;
        }
        int before = problems.size();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            String at = "schema.labels[" + i + "]";
            if (label == null || label.isBlank() || label.length() > MAX_LABEL_LENGTH) {
                problems.add(at, "must be 1 to " + MAX_LABEL_LENGTH + " characters, not all whitespace");
            } else if (label.indexOf('\0') >= 0) {
                problems.add(at, "must not contain the character U+0000 (NUL)");
            } else if (seen.putIfAbsent(label, i) != null) {
                problems.add(at, "repeats '" + label + "' (labels[" + seen.get(label) + "])");
            }
        }
        return problems.size() == before ? LabelSet.of(labels) : null;
    }

    /** The settings the client gave (or that were defaulted), by JSON name, in field order. */
    private Map<String, Object> settings() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("labels", labels);
        all.put("minSelected", minSelected);
        all.put("maxSelected", maxSelected);
        all.put("min", min);
        all.put("max", max);
        all.put("step", step);
        all.put("scale", scale);
        all.put("maxBoxes", maxBoxes);
        all.put("allowOverlap", allowOverlap);
        all.put("minLength", minLength);
        all.put("maxLength", maxLength);
        all.put("allowTie", allowTie);
        all.values().removeIf(java.util.Objects::isNull);
        return all;
    }
}
