package io.tessera.task.schema;

import static io.tessera.task.schema.Fixtures.accepts;
import static io.tessera.task.schema.Fixtures.hasProblem;
import static io.tessera.task.schema.Fixtures.invalid;
import static io.tessera.task.schema.Fixtures.rejects;
import static io.tessera.task.schema.Fixtures.schema;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CategoricalTest {
    private static final LabelSchema SENTIMENT = schema("{'kind': 'categorical', 'labels': ['pos', 'neg', 'neutral']}");

    @Test
    void acceptsEachLabel() {
        accepts(SENTIMENT, "'pos'", null);
        accepts(SENTIMENT, "'neutral'", "{'text': 'any data'}");
    }

    static Stream<Arguments> invalidLabels() {
        return Stream.of(
                invalid("unknown label", "'maybe'", "label", "must be one of [pos, neg, neutral]; got 'maybe'"),
                invalid("other case", "'POS'", "label", "got 'POS'"),
                invalid("empty string", "''", "label", "must be one of"),
                invalid("number", "1", "label", "must be a string, one of [pos, neg, neutral]; got a number"),
                invalid("array of the label", "['pos']", "label", "got an array"),
                invalid("object", "{'label': 'pos'}", "label", "got an object"),
                invalid("boolean", "true", "label", "got a boolean"),
                invalid("null", "null", "label", "is required"),
                invalid("NUL character", "'pos\\u0000'", "label", "U+0000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidLabels")
    void refusesWithTheFieldAndWhatIsExpected(String shape, String label, String field, String message) {
        rejects(SENTIMENT, label, null, field, message);
    }

    @Test
    void aMissingLabelIsRequired() {
        assertThat(SENTIMENT.validate(null, null, "answer")).extracting("field", "message")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("answer", "is required"));
    }

    @Test
    void schemaNeedsTwoDistinctLabels() {
        hasProblem("{'kind': 'categorical'}", "schema.labels", "is required: at least 2 labels for kind categorical");
        hasProblem("{'kind': 'categorical', 'labels': []}", "schema.labels", "is required");
        hasProblem("{'kind': 'categorical', 'labels': ['only']}", "schema.labels", "needs at least 2 labels");
        hasProblem("{'kind': 'categorical', 'labels': ['a', 'b', 'a']}", "schema.labels[2]", "repeats 'a' (labels[0])");
        hasProblem("{'kind': 'categorical', 'labels': ['a', ' ']}", "schema.labels[1]", "must be 1 to 200 characters");
        hasProblem("{'kind': 'categorical', 'labels': ['a', null]}", "schema.labels[1]", "must be 1 to 200 characters");
        hasProblem("{'kind': 'categorical', 'labels': ['a', 'b\\u0000']}", "schema.labels[1]", "U+0000");
    }

    @Test
    void anyItemDataWillDo() {
        assertThat(SENTIMENT.checkItemData(Fixtures.json("'plain text'"), "data")).isEmpty();
        assertThat(SENTIMENT.checkItemData(Fixtures.json("[1, 2]"), "data")).isEmpty();
    }
}
