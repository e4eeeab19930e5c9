package io.tessera.task.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code text-spans}: the label is a JSON array (possibly empty: nothing to mark) of
 * {@code {label, start, end}} over the item's {@code data.text}: whole numbers with
 * {@code 0 ≤ start < end ≤ length}, {@code end} exclusive. Offsets count Unicode code points
 * (Python's {@code text[start:end]}; in JavaScript, index {@code Array.from(text)}, not the string,
 * which counts UTF-16 units). Spans may not overlap unless the schema says {@code allowOverlap};
 * spans that only touch (one ends where the next starts) do not overlap. The same span with the
 * same label may not appear twice.
 */
record TextSpans(LabelSet labels, boolean allowOverlap) implements LabelRules {
    public static final int MAX_SPANS = 10_000;
    static final List<String> SPAN_FIELDS = List.of("label", "start", "end");

    static TextSpans of(LabelSchema schema, LabelSet labels) {
        return new TextSpans(labels, Boolean.TRUE.equals(schema.allowOverlap()));
    }

    @Override
    public void checkItemData(JsonNode data, String field, Errors errors) {
        if (data == null || !data.isObject()) {
            errors.add(field, "must be an object with the text to mark {text, …} for a text-spans job; got "
                    + Json.describe(data));
        } else if (data.get("text") == null || !data.get("text").isTextual()) {
            errors.add(field + ".text", "is required: the text to mark, a string; got " + Json.describe(data.get("text")));
        }
    }

    private record Span(int index, String label, int start, int end) {
    }

    @Override
    public void validate(JsonNode label, JsonNode itemData, String field, Errors errors) {
        if (!label.isArray()) {
            errors.add(field, "must be an array of spans {label, start, end}; got " + Json.describe(label));
            return;
        }
        if (label.size() > MAX_SPANS) {
            errors.add(field, "has " + label.size() + " spans; at most " + MAX_SPANS + " are allowed");
            return;
        }
        // Checked at upload; without it (data not passed in) the spans are checked without the text's end.
        JsonNode text = itemData == null ? null : itemData.get("text");
        Integer length = text != null && text.isTextual() ? Json.length(text.textValue()) : null;
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < label.size() && !errors.full(); i++) {
            JsonNode span = label.get(i);
            String at = field + "[" + i + "]";
            if (!span.isObject()) {
                errors.add(at, "must be a span {label, start, end}; got " + Json.describe(span));
                continue;
            }
            int before = errors.size();
            for (Iterator<String> names = span.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!SPAN_FIELDS.contains(name)) {
                    errors.add(at + "." + name, "is not a span field (expected " + SPAN_FIELDS + ")");
                }
            }
            JsonNode name = span.get("label");
            if (name == null || !name.isTextual()) {
                errors.add(at + ".label", "is required: a string, " + labels.oneOf() + "; got " + Json.describe(name));
            } else if (!labels.contains(name)) {
                errors.add(at + ".label", "must be " + labels.oneOf() + "; got '" + name.textValue() + "'");
            }
            Integer start = offset(span, "start", at, errors);
            Integer end = offset(span, "end", at, errors);
            if (start != null && end != null && end <= start) {
                errors.add(at + ".end", "must be greater than start (" + start + "); got " + end);
            } else if (end != null && length != null && end > length) {
                errors.add(at + ".end", "must be at most the length of the text (" + length + " characters); got " + end);
            }
            if (errors.size() == before) {
                spans.add(new Span(i, name.textValue(), start, end));
            }
        }
        repeatsAndOverlaps(spans, field, errors);
    }

    /** A whole number ≥ 0, or null after reporting. */
    private static Integer offset(JsonNode span, String name, String at, Errors errors) {
        JsonNode node = span.get(name);
        Integer value = Json.wholeNumber(node);
        if (value == null || value < 0) {
            errors.add(at + "." + name, (node == null ? "is required: " : "must be ")
                    + "a whole number ≥ 0 (an offset in characters); got "
                    + (value == null ? Json.describe(node) : value.toString()));
            return null;
        }
        return value;
    }

    /** Sorted by start, a span overlaps an earlier one exactly when it starts before the furthest end so far. */
    private void repeatsAndOverlaps(List<Span> spans, String field, Errors errors) {
        Map<String, Integer> seen = new HashMap<>();
        List<Span> sorted = new ArrayList<>();
        for (Span s : spans) {
            Integer first = seen.putIfAbsent(s.label + '\0' + s.start + '\0' + s.end, s.index);
            if (first != null) {
                errors.add(field + "[" + s.index + "]", "repeats the span " + field + "[" + first + "]");
            } else {
                sorted.add(s);
            }
        }
        if (allowOverlap) {
            return;
        }
        sorted.sort(Comparator.comparingInt(Span::start).thenComparingInt(Span::end).thenComparingInt(Span::index));
        Span furthest = null;
        for (Span s : sorted) {
            if (furthest != null && s.start < furthest.end) {
                Span first = furthest.index < s.index ? furthest : s;
                Span second = first == s ? furthest : s;
                errors.add(field + "[" + second.index + "]", "overlaps " + field + "[" + first.index + "] ("
                        + first.start + "–" + first.end + "); spans must not overlap in this job");
            }
            if (furthest == null || s.end > furthest.end) {
                furthest = s;
            }
        }
    }
}
