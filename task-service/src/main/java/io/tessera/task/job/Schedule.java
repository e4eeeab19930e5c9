package io.tessera.task.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * The order in which a job's slots are handed out. {@code depth-first} finishes items that already
 * have labels (results come sooner), {@code breadth-first} gives every item its first label before
 * any its second, {@code random} mixes. The SQL function {@code slot_sort_key} turns it into each
 * slot's sort key.
 */
public enum Schedule {
    DEPTH_FIRST("depth-first"), BREADTH_FIRST("breadth-first"), RANDOM("random");

    private final String json;

    Schedule(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** Unknown names map to null, so validation can name the field. */
    @JsonCreator
    public static Schedule of(String name) {
        return Arrays.stream(values()).filter(s -> s.json.equals(name)).findFirst().orElse(null);
    }
}
