package io.tessera.task.schema;

import io.tessera.common.error.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the field errors of one schema, label or item. It keeps the first {@link #MAX}, so a
 * label with ten thousand bad boxes costs little to report and the answer stays readable.
 */
final class Errors {
    static final int MAX = 20;
    private final List<FieldError> list = new ArrayList<>();

    void add(String field, String message) {
        if (list.size() < MAX) {
            list.add(new FieldError(field, message));
        }
    }

    boolean full() {
        return list.size() >= MAX;
    }

    int size() {
        return list.size();
    }

    List<FieldError> list() {
        return List.copyOf(list);
    }
}
