package io.tessera.task.schema;

import static io.tessera.task.schema.Fixtures.accepts;
import static io.tessera.task.schema.Fixtures.hasProblem;
import static io.tessera.task.schema.Fixtures.invalid;
import static io.tessera.task.schema.Fixtures.rejects;
import static io.tessera.task.schema.Fixtures.schema;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MultiLabelTest {
    private static final LabelSchema ANIMALS = schema(
            "{'kind': 'multi-label', 'labels': ['cat', 'dog', 'bird'], 'minSelected': 1, 'maxSelected': 2}");

    @Test
    void acceptsDistinctLabelsWithinTheBounds() {
        accepts(ANIMALS, "['cat']", null);
        accepts(ANIMALS, "['bird', 'cat']", null);
    }

    @Test
    void withoutBoundsNoneAndAllAreAnswers() {
        LabelSchema open = schema("{'kind': 'multi-label', 'labels': ['cat', 'dog', 'bird']}");
        accepts(open, "[]", null);
        accepts(open, "['cat', 'dog', 'bird']", null);
    }

    static Stream<Arguments> invalidLabels() {
        return Stream.of(
                invalid("a single string", "'cat'", "label", "must be an array of distinct labels, each one of [cat, dog, bird]; got a string"),
                invalid("an object", "{'cat': true}", "label", "got an object"),
                invalid("unknown label", "['cat', 'fish']", "label[1]", "must be one of [cat, dog, bird]; got 'fish'"),
                invalid("not a string", "['cat', 2]", "label[1]", "must be a string"),
                invalid("repeated label", "['dog', 'dog']", "label[1]", "repeats 'dog'"),
                invalid("fewer than minSelected", "[]", "label", "has 0 label(s); choose at least 1"),
                invalid("more than maxSelected", "['cat', 'dog', 'bird']", "label", "has 3 label(s); choose at most 2"),
                invalid("null element", "[null]", "label[0]", "got null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidLabels")
    void refusesWithTheFieldAndWhatIsExpected(String shape, String label, String field, String message) {
        rejects(ANIMALS, label, null, field, message);
    }

    @Test
    void schemaBoundsMustFitTheLabels() {
        String labels = "'kind': 'multi-label', 'labels': ['a', 'b', 'c']";
        hasProblem("{" + labels + ", 'maxSelected': 4}", "schema.maxSelected", "must be from 1 to the number of labels (3); got 4");
        hasProblem("{" + labels + ", 'maxSelected': 0}", "schema.maxSelected", "got 0");
        hasProblem("{" + labels + ", 'minSelected': -1}", "schema.minSelected", "must be from 0");
        hasProblem("{" + labels + ", 'minSelected': 3, 'maxSelected': 2}", "schema.maxSelected", "must be at least minSelected (3)");
        hasProblem("{'kind': 'multi-label'}", "schema.labels", "is required: at least 1 label for kind multi-label");
        hasProblem("{" + labels + ", 'maxBoxes': 2}", "schema.maxBoxes", "is not used by kind multi-label");
    }
}
