package io.tessera.task.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * {@code rating}: the label is a JSON number from {@code min} to {@code max}. With a {@code step}
 * it must also be {@code min + k × step} for a whole k. An {@code ordinal} scale always has a step
 * (default 1), so it allows only the points of the scale; an {@code interval} scale without a step
 * allows any number in range. Arithmetic is exact ({@link BigDecimal}): 0.1 + 0.2 is 0.3 here.
 */
record Rating(BigDecimal min, BigDecimal max, BigDecimal step, boolean ordinal) implements LabelRules {
    public static final String ORDINAL = "ordinal";
    public static final String INTERVAL = "interval";
    private static final int LISTED_POINTS = 6;

    static Rating of(LabelSchema schema, Errors problems) {
        BigDecimal min = bound(schema.min(), "schema.min", "the lowest value of the scale", problems);
        BigDecimal max = bound(schema.max(), "schema.max", "the highest value of the scale", problems);
        BigDecimal step = schema.step() == null ? null
                : bound(schema.step(), "schema.step", "the distance between allowed values", problems);
        if (step != null && step.signum() <= 0) {
            problems.add("schema.step", "must be greater than 0; got " + Json.show(step));
            step = null;
        }
        if (min != null && max != null) {
            if (min.compareTo(max) >= 0) {
                problems.add("schema.max", "must be greater than min (" + Json.show(min) + "); got " + Json.show(max));
            } else if (step != null && max.subtract(min).remainder(step).signum() != 0) {
                problems.add("schema.max", "must be min plus a whole number of steps of " + Json.show(step)
                        + " so that it is on the scale; got " + Json.show(max));
            }
        }
        String scale = schema.scale();
        if (!ORDINAL.equals(scale) && !INTERVAL.equals(scale)) {
            problems.add("schema.scale", "is required: \"" + ORDINAL + "\" (only the points min, min + step, …, max) or \""
                    + INTERVAL + "\" (any number from min to max)" + (scale == null ? "" : "; got '" + scale + "'"));
        }
        return new Rating(min, max, step, ORDINAL.equals(scale));
    }

    /** A required schema number that {@link Json#bounded} accepts, or null after reporting why not. */
    private static BigDecimal bound(BigDecimal value, String field, String what, Errors problems) {
        if (value == null) {
            problems.add(field, "is required: " + what + ", a number");
            return null;
        }
        BigDecimal bounded = Json.bounded(value);
        if (bounded == null) {
            problems.add(field, "must have at most " + Json.MAX_DIGITS + " digits and an exponent within ±" + Json.MAX_DIGITS);
        }
        return bounded;
    }

    @Override
    public void validate(JsonNode label, JsonNode itemData, String field, Errors errors) {
        BigDecimal value = Json.number(label);
        if (value == null) {
            errors.add(field, "must be a number " + range() + "; got " + Json.describe(label)
                    + (label.isNumber() ? " with too many digits" : ""));
        } else if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            errors.add(field, "must be " + range() + "; got " + Json.show(value));
        } else if (step != null && value.subtract(min).remainder(step).signum() != 0) {
            errors.add(field, "must be one of " + points() + "; got " + Json.show(value));
        }
    }

    private String range() {
        return "from " + Json.show(min) + " to " + Json.show(max) + (step == null ? "" : " in steps of " + Json.show(step));
    }

    /** "1, 2, 3, 4, 5" or "0, 0.5, 1, …, 10 (steps of 0.5 from 0)". */
    private String points() {
        BigDecimal count = max.subtract(min).divide(step).add(BigDecimal.ONE);
        StringBuilder out = new StringBuilder();
        if (count.compareTo(BigDecimal.valueOf(LISTED_POINTS)) <= 0) {
            for (BigDecimal v = min; v.compareTo(max) <= 0; v = v.add(step)) {
                out.append(out.isEmpty() ? "" : ", ").append(Json.show(v));
            }
            return out.toString();
        }
        return Json.show(min) + ", " + Json.show(min.add(step)) + ", " + Json.show(min.add(step).add(step)) + ", …, "
                + Json.show(max) + " (steps of " + Json.show(step) + " from " + Json.show(min) + ")";
    }
}
