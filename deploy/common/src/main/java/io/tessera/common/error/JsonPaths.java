package io.tessera.common.error;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;

/** Renders Jackson reference chains as the JSON paths clients know: {@code schema.labels[2]}. */
public final class JsonPaths {
    private JsonPaths() {
    }

    public static String of(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }
}
