package io.tessera.task.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code bounding-boxes}: the label is a JSON array (possibly empty: nothing to box) of
 * {@code {label, x, y, w, h}} in the image's pixel coordinates, origin at the top left: x, y ≥ 0,
 * w, h > 0, and the box inside the image ({@code x + w ≤ data.width}, {@code y + h ≤ data.height}).
 * Every item of such a job must carry its image size as {@code data.width} and {@code data.height}.
 * A box may not appear twice in one label.
 */
record BoundingBoxes(LabelSet labels, int maxBoxes) implements LabelRules {
    public static final int MAX_BOXES = 10_000;
    static final List<String> BOX_FIELDS = List.of("label", "x", "y", "w", "h");

    static BoundingBoxes of(LabelSchema schema, LabelSet labels, Errors problems) {
        int max = schema.maxBoxes() == null ? MAX_BOXES : schema.maxBoxes();
        if (max < 1 || max > MAX_BOXES) {
            problems.add("schema.maxBoxes", "must be from 1 to " + MAX_BOXES + "; got " + max);
        }
        return new BoundingBoxes(labels, max);
    }

    @Override
    public void checkItemData(JsonNode data, String field, Errors errors) {
        if (data == null || !data.isObject()) {
            errors.add(field, "must be an object with the image size {width, height, …} for a bounding-boxes job; got "
                    + Json.describe(data));
            return;
        }
        for (String side : List.of("width", "height")) {
            BigDecimal value = Json.number(data.get(side));
            if (value == null || value.signum() <= 0) {
                errors.add(field + "." + side, "is required: the image " + side + " in pixels, a number > 0; got "
                        + (value == null ? Json.describe(data.get(side)) : Json.show(value)));
            }
        }
    }

    @Override
    public void validate(JsonNode label, JsonNode itemData, String field, Errors errors) {
        if (!label.isArray()) {
            errors.add(field, "must be an array of boxes {label, x, y, w, h}; got " + Json.describe(label));
            return;
        }
        if (label.size() > maxBoxes) {
            errors.add(field, "has " + label.size() + " boxes; at most " + maxBoxes + " are allowed");
            return;
        }
        // Checked at upload; without them (data not passed in) the boxes are checked without the image bounds.
        BigDecimal width = itemData == null ? null : Json.number(itemData.get("width"));
        BigDecimal height = itemData == null ? null : Json.number(itemData.get("height"));
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < label.size() && !errors.full(); i++) {
            JsonNode box = label.get(i);
            String at = field + "[" + i + "]";
            if (!box.isObject()) {
                errors.add(at, "must be a box {label, x, y, w, h}; got " + Json.describe(box));
                continue;
            }
            int before = errors.size();
            for (Iterator<String> names = box.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!BOX_FIELDS.contains(name)) {
                    errors.add(at + "." + name, "is not a box field (expected " + BOX_FIELDS + ")");
                }
            }
            JsonNode name = box.get("label");
            if (name == null || !name.isTextual()) {
                errors.add(at + ".label", "is required: a string, " + labels.oneOf() + "; got " + Json.describe(name));
            } else if (!labels.contains(name)) {
                errors.add(at + ".label", "must be " + labels.oneOf() + "; got '" + name.textValue() + "'");
            }
            BigDecimal x = coordinate(box, "x", at, false, errors);
            BigDecimal y = coordinate(box, "y", at, false, errors);
            BigDecimal w = coordinate(box, "w", at, true, errors);
            BigDecimal h = coordinate(box, "h", at, true, errors);
            within(x, w, width, "x", "w", "width", at, errors);
            within(y, h, height, "y", "h", "height", at, errors);
            if (errors.size() == before) {
                String key = name.textValue() + '\0' + x + '\0' + y + '\0' + w + '\0' + h;
                Integer first = seen.putIfAbsent(key, i);
                if (first != null) {
                    errors.add(at, "repeats the box " + field + "[" + first + "]");
                }
            }
        }
    }

    /** x or y (≥ 0), w or h (> 0); null after reporting when missing or out of range. */
    private static BigDecimal coordinate(JsonNode box, String name, String at, boolean size, Errors errors) {
        JsonNode node = box.get(name);
        BigDecimal value = Json.number(node);
        String expected = size ? "a number > 0" : "a number ≥ 0";
        if (value == null) {
            errors.add(at + "." + name, (node == null ? "is required: " : "must be ") + expected + "; got " + Json.describe(node));
            return null;
        }
        if (size ? value.signum() <= 0 : value.signum() < 0) {
            errors.add(at + "." + name, "must be " + expected + "; got " + Json.show(value));
            return null;
        }
        return value;
    }

    /** The box must start inside the image and end at its edge at the latest. */
    private static void within(BigDecimal start, BigDecimal size, BigDecimal limit, String startName, String sizeName,
            String side, String at, Errors errors) {
        if (start == null || limit == null) {
            return;
        }
        if (start.compareTo(limit) >= 0) {
            errors.add(at + "." + startName, "must be less than the image " + side + " (" + Json.show(limit) + "); got "
                    + Json.show(start));
        } else if (size != null && start.add(size).compareTo(limit) > 0) {
            errors.add(at + "." + sizeName, "must be at most " + side + " − " + startName + " = "
                    + Json.show(limit.subtract(start)) + " so the box stays inside the image; got " + Json.show(size));
        }
    }
}
