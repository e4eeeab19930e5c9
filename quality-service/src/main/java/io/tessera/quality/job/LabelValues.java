package io.tessera.quality.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.quality.aggregation.boxes.Box;
import io.tessera.quality.aggregation.spans.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a stored label (JSON, already valid under the job's schema, task-service checked it) as the
 * value type the library merges for its kind. One place, so reports, live decisions and batch merges
 * read labels the same way.
 */
public final class LabelValues {
    public static final String CATEGORICAL = "categorical";
    public static final String MULTI_LABEL = "multi-label";
    public static final String RATING = "rating";
    public static final String BOXES = "bounding-boxes";
    public static final String SPANS = "text-spans";
    public static final String TRANSCRIPTION = "transcription";
    public static final String PAIRWISE = "pairwise";

    private LabelValues() {
    }

    /** Kinds whose label is one of a fixed list of names (categorical algorithms and kappas apply). */
    public static boolean isNominal(String kind) {
        return CATEGORICAL.equals(kind) || PAIRWISE.equals(kind);
    }

    /** A categorical or pairwise label as its name ("pos", "A", "tie"). */
    public static String name(JsonNode label) {
        return label.isTextual() ? label.textValue() : label.toString();
    }

    public static double number(JsonNode label) {
        return label.asDouble();
    }

    /** A multi-label answer as a sorted set of label names. */
    public static Set<String> set(JsonNode label) {
        Set<String> s = new TreeSet<>();
        label.forEach(n -> s.add(n.asText()));
        return s;
    }

    public static List<Box> boxes(JsonNode label) {
        List<Box> boxes = new ArrayList<>(label.size());
        label.forEach(b -> boxes.add(new Box(b.path("label").asText(), b.path("x").asDouble(), b.path("y").asDouble(),
                b.path("w").asDouble(), b.path("h").asDouble())));
        return boxes;
    }

    public static List<Span> spans(JsonNode label) {
        List<Span> spans = new ArrayList<>(label.size());
        label.forEach(s -> spans.add(new Span(s.path("label").asText(), s.path("start").asInt(), s.path("end").asInt())));
        return spans;
    }

    public static String text(JsonNode label) {
        return label.asText();
    }
}
