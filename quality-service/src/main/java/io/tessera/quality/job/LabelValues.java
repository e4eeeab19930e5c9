package io.tessera.quality.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

    /**
     * Half the distance between allowed ratings: ratings this close count as the same answer (live
     * decisions, batch confidence, agreement). With a {@code step}: step / 2; an interval scale without
     * one: 5% of max − min; otherwise 0.5.
     */
    public static double halfStep(JsonNode schema) {
        if (schema.hasNonNull("step")) {
            return schema.path("step").asDouble() / 2;
        }
        if (!"ordinal".equals(schema.path("scale").asText()) && schema.hasNonNull("min") && schema.hasNonNull("max")) {
            return (schema.path("max").asDouble() - schema.path("min").asDouble()) / 20;
        }
        return 0.5;
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

    /** A merged label set as a multi-label label (a JSON array of names, in the set's order). */
    public static JsonNode setLabel(Set<String> set) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        set.forEach(out::add);
        return out;
    }

    /** Merged boxes as a bounding-boxes label; fused corners are means, two decimals are finer than any pixel. */
    public static JsonNode boxesLabel(List<Box> boxes) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Box b : boxes) {
            out.addObject().put("label", b.label()).put("x", round2(b.x())).put("y", round2(b.y())).put("w", round2(b.w()))
                    .put("h", round2(b.h()));
        }
        return out;
    }

    public static JsonNode spansLabel(List<Span> spans) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Span s : spans) {
            out.addObject().put("label", s.label()).put("start", s.start()).put("end", s.end());
        }
        return out;
    }

    /** A number as a rating label: a whole number without a fraction (3, not 3.0). */
    public static JsonNode numberLabel(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? JsonNodeFactory.instance.numberNode((long) v) : JsonNodeFactory.instance.numberNode(v);
    }

    /**
     * A merged rating as a label the schema allows: with a {@code step} (every ordinal scale has one) the
     * nearest point {@code min + k × step}, clamped to [min, max]; an interval scale without a step: the
     * value clamped to [min, max]. Exact decimal arithmetic, so 0.1 steps give 0.3, not 0.30000000000000004.
     */
    public static JsonNode ratingLabel(JsonNode schema, double v) {
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("no rating to label");
        }
        java.math.BigDecimal min = schema.hasNonNull("min") ? schema.path("min").decimalValue() : null;
        java.math.BigDecimal max = schema.hasNonNull("max") ? schema.path("max").decimalValue() : null;
        double x = v;
        if (min != null) {
            x = Math.max(x, min.doubleValue());
        }
        if (max != null) {
            x = Math.min(x, max.doubleValue());
        }
        if (schema.hasNonNull("step") && min != null) {
            java.math.BigDecimal step = schema.path("step").decimalValue();
            long k = Math.round((x - min.doubleValue()) / step.doubleValue());
            java.math.BigDecimal point = min.add(step.multiply(java.math.BigDecimal.valueOf(k)));
            if (max != null && point.compareTo(max) > 0) {
                point = point.subtract(step);
            }
            point = point.stripTrailingZeros();
            return point.scale() <= 0 ? JsonNodeFactory.instance.numberNode(point.longValueExact())
                    : JsonNodeFactory.instance.numberNode(point);
        }
        return numberLabel(x);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
