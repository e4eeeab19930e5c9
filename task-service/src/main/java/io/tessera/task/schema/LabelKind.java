package io.tessera.task.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/** The kinds of label a job can ask for. */
public enum LabelKind {
    CATEGORICAL("categorical", true);

    private final String json;
    private final boolean needsLabels;

    LabelKind(String json, boolean needsLabels) {
        this.json = json;
        this.needsLabels = needsLabels;
    }

    @JsonValue
    public String json() {
        return json;
    }

    public boolean needsLabels() {
        return needsLabels;
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
