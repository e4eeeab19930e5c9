package io.tessera.task.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/** The job's labels in their order, with a set for lookups. */
record LabelSet(List<String> names, Set<String> known) {
    private static final int LISTED = 20;

    static LabelSet of(List<String> names) {
        return new LabelSet(List.copyOf(names), Set.copyOf(names));
    }

    boolean contains(JsonNode node) {
        return node != null && node.isTextual() && known.contains(node.textValue());
    }

    /** "one of [pos, neg]", or for long lists the first few and how many there are. */
    String oneOf() {
        if (names.size() <= LISTED) {
            return "one of " + names;
        }
        return "one of the job's " + names.size() + " labels (" + String.join(", ", names.subList(0, LISTED)) + ", …)";
    }
}
