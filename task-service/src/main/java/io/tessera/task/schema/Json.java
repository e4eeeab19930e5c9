package io.tessera.task.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/** Small readers of JSON values shared by the kinds, so each rule reads numbers and text the same way. */
public final class Json {
    /** Numbers with more digits than this, or a larger exponent, are refused: exact arithmetic on them is costly. */
    static final int MAX_DIGITS = 30;

    private Json() {
    }

    /**
     * The exact value of a JSON number, or null when {@code node} is not a finite number of at most
     * {@link #MAX_DIGITS} significant digits and a decimal exponent within ±{@link #MAX_DIGITS}.
     * Doubles become their shortest decimal ({@code 0.1} is exactly 0.1), so {@code 0.1 + 0.2 == 0.3}.
     */
    static BigDecimal number(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return null;
        }
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            return null;
        }
        return bounded(node.decimalValue());
    }

    /** {@code value} when it is within the digit bounds of {@link #number}, else null. */
    static BigDecimal bounded(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal plain = value.stripTrailingZeros();
        if (plain.precision() > MAX_DIGITS || Math.abs(plain.scale()) > MAX_DIGITS) {
            return null;
        }
        return plain;
    }

    /** A JSON number with a whole value that fits an int ({@code 3} or {@code 3.0}), or null. */
    static Integer wholeNumber(JsonNode node) {
        BigDecimal value = number(node);
        if (value == null || value.scale() > 0) {
            return null;
        }
        try {
            return value.intValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** Length in Unicode code points: what Python's {@code len} counts, and what span offsets index. */
    static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Whether a string or field name anywhere in {@code node} holds U+0000, which PostgreSQL's jsonb cannot store. */
    public static boolean containsNul(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (containsNul(element)) {
                    return true;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().indexOf('\0') >= 0 || containsNul(field.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** "a string", "an array", … for messages that say what arrived instead of what was expected. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NULL -> "null";
            default -> "something else";
        };
    }

    /** A number as a person writes it: 5 rather than 5.0 or 5E+0. */
    static String show(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
