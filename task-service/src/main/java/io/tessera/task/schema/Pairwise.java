package io.tessera.task.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * {@code pairwise}: the item's data holds two outputs, {@code data.a} and {@code data.b} (anything
 * else, such as {@code data.prompt}, is passed through), and the label is {@code "A"} (a is better),
 * {@code "B"} or, unless the schema sets {@code allowTie: false}, {@code "tie"}.
 *
 * <p>Position bias: people prefer the left (first) answer more often than chance. The service
 * therefore shows a random half of the assignments flipped, and the label a worker submits refers
 * to what they saw. The two pure functions here are all the flipping there is:
 * <ol>
 *   <li>on claim, draw {@code flipped} per assignment, store it with the assignment, and send
 *       {@link #present present(data, flipped)} as the task's data (gold items too, so gold looks
 *       like any other task);</li>
 *   <li>on submit, validate the label as sent, then store and publish
 *       {@link #unflip unflip(label, flipped)}: every stored label, gold answer and result speaks of
 *       the item's own a and b.</li>
 * </ol>
 * Keep everything side-specific inside a and b (e.g. {@code {"a": {"text": …, "model": …}}}): only
 * those two fields are swapped.
 */
public record Pairwise(boolean allowTie) implements LabelRules {
    public static final String A = "A";
    public static final String B = "B";
    public static final String TIE = "tie";

    static Pairwise of(LabelSchema schema) {
        return new Pairwise(!Boolean.FALSE.equals(schema.allowTie()));
    }

    @Override
    public void checkItemData(JsonNode data, String field, Errors errors) {
        if (data == null || !data.isObject()) {
            errors.add(field, "must be an object with the two outputs to compare {a, b, …} for a pairwise job; got "
                    + Json.describe(data));
            return;
        }
        for (String side : new String[] {"a", "b"}) {
            JsonNode output = data.get(side);
            if (output == null || output.isNull()) {
                errors.add(field + "." + side, "is required: the " + (side.equals("a") ? "first" : "second")
                        + " output to compare (any JSON value but null)");
            }
        }
    }

    @Override
    public void validate(JsonNode label, JsonNode itemData, String field, Errors errors) {
        String expected = allowTie ? "\"A\", \"B\" or \"tie\"" : "\"A\" or \"B\" (this job allows no tie)";
        if (!label.isTextual()) {
            errors.add(field, "must be " + expected + "; got " + Json.describe(label));
            return;
        }
        String answer = label.textValue();
        if (!(A.equals(answer) || B.equals(answer) || (allowTie && TIE.equals(answer)))) {
            errors.add(field, "must be " + expected + "; got '" + answer + "'");
        }
    }

    /**
     * The item's data as a worker sees it: a copy with {@code a} and {@code b} swapped when
     * {@code flipped}, else {@code data} itself. Never changes {@code data}. Data that is not an
     * object is returned as it is.
     */
    public static JsonNode present(JsonNode data, boolean flipped) {
        if (!flipped || data == null || !data.isObject()) {
            return data;
        }
        ObjectNode shown = ((ObjectNode) data).deepCopy();
        JsonNode a = shown.get("a");
        JsonNode b = shown.get("b");
        swapInto(shown, "a", b);
        swapInto(shown, "b", a);
        return shown;
    }

    /**
     * The label in the item's own terms: {@code "A"} and {@code "B"} swapped when the worker saw the
     * pair {@code flipped}; {@code "tie"} and anything else unchanged. Its own inverse, so it also
     * turns a stored answer into what a flipped worker would have to submit.
     */
    public static JsonNode unflip(JsonNode label, boolean flipped) {
        if (!flipped || label == null || !label.isTextual()) {
            return label;
        }
        return switch (label.textValue()) {
            case A -> TextNode.valueOf(B);
            case B -> TextNode.valueOf(A);
            default -> label;
        };
    }

    private static void swapInto(ObjectNode target, String field, JsonNode value) {
        if (value == null) {
            target.remove(field);
        } else {
            target.set(field, value);
        }
    }
}
