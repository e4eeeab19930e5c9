package io.tessera.task.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * The kinds of label a job can ask for, with the schema fields each kind reads besides {@code kind}.
 * A field a kind does not read is a 400, so a schema never carries settings that do nothing.
 */
public enum LabelKind {
    CATEGORICAL("categorical", 2, false, List.of("labels")),
    MULTI_LABEL("multi-label", 1, false, List.of("labels", "minSelected", "maxSelected")),
    RATING("rating", 0, false, List.of("min", "max", "step", "scale")),
    BOUNDING_BOXES("bounding-boxes", 1, true, List.of("labels", "maxBoxes")),
    TEXT_SPANS("text-spans", 1, true, List.of("labels", "allowOverlap")),
    TRANSCRIPTION("transcription", 0, false, List.of("minLength", "maxLength")),
    PAIRWISE("pairwise", 0, false, List.of("allowTie"));

    private final String json;
    private final int minLabels;
    private final boolean labelNeedsItemData;
    private final List<String> fields;

    LabelKind(String json, int minLabels, boolean labelNeedsItemData, List<String> fields) {
        this.json = json;
        this.minLabels = minLabels;
        this.labelNeedsItemData = labelNeedsItemData;
        this.fields = fields;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** Whether the schema lists labels for this kind. */
    public boolean needsLabels() {
        return minLabels > 0;
    }

    /** How many labels the schema must list at least; 0 when the kind has no labels. */
    public int minLabels() {
        return minLabels;
    }

    /**
     * Whether checking a label needs the item's data (the image size of bounding boxes, the text of
     * text spans). Callers may skip reading the data for the other kinds.
     */
    public boolean labelNeedsItemData() {
        return labelNeedsItemData;
    }

    /** The schema fields this kind reads, besides {@code kind}. */
    public List<String> fields() {
        return fields;
    }

    /** Unknown names map to null so validation can name the field instead of failing to parse. */
    @JsonCreator
    public static LabelKind of(String name) {
        return Arrays.stream(values()).filter(k -> k.json.equals(name)).findFirst().orElse(null);
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(LabelKind::json).toList();
    }
}
