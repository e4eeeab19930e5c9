package io.tessera.task.schema;

import static io.tessera.task.schema.Fixtures.accepts;
import static io.tessera.task.schema.Fixtures.hasProblem;
import static io.tessera.task.schema.Fixtures.invalid;
import static io.tessera.task.schema.Fixtures.json;
import static io.tessera.task.schema.Fixtures.rejects;
import static io.tessera.task.schema.Fixtures.schema;
import static org.assertj.core.api.Assertions.assertThat;

import io.tessera.common.error.FieldError;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextSpansTest {
    private static final LabelSchema NER = schema("{'kind': 'text-spans', 'labels': ['PER', 'LOC']}");
    /** 19 characters. */
    private static final String SENTENCE = "{'text': 'Ada lives in London', 'lang': 'en'}";

    @Test
    void acceptsSpansInsideTheText() {
        accepts(NER, "[]", SENTENCE);
        accepts(NER, "[{'label': 'PER', 'start': 0, 'end': 3}, {'label': 'LOC', 'start': 13, 'end': 19}]", SENTENCE);
        accepts(NER, "[{'label': 'LOC', 'start': 13, 'end': 19}, {'label': 'PER', 'start': 0, 'end': 3.0}]", SENTENCE);
    }

    @Test
    void spansThatOnlyTouchDoNotOverlap() {
        accepts(NER, "[{'label': 'PER', 'start': 0, 'end': 3}, {'label': 'LOC', 'start': 3, 'end': 9}]", SENTENCE);
    }

    @Test
    void offsetsCountCodePointsNotUtf16Units() {
        String emoji = "{'text': '\uD83D\uDE00 Ada'}"; // 5 code points, 6 UTF-16 units
        accepts(NER, "[{'label': 'PER', 'start': 2, 'end': 5}]", emoji);
        rejects(NER, "[{'label': 'PER', 'start': 3, 'end': 6}]", emoji, "label[0].end",
                "must be at most the length of the text (5 characters); got 6");
    }

    static Stream<Arguments> invalidLabels() {
        return Stream.of(
                invalid("one span, not a list", "{'label': 'PER', 'start': 0, 'end': 3}", "label",
                        "must be an array of spans {label, start, end}; got an object"),
                invalid("span is not an object", "[[0, 3]]", "label[0]", "must be a span {label, start, end}; got an array"),
                invalid("empty span", "[{'label': 'PER', 'start': 4, 'end': 4}]", "label[0].end", "must be greater than start (4); got 4"),
                invalid("backwards span", "[{'label': 'PER', 'start': 5, 'end': 2}]", "label[0].end", "must be greater than start (5)"),
                invalid("past the end of the text", "[{'label': 'LOC', 'start': 13, 'end': 20}]", "label[0].end",
                        "must be at most the length of the text (19 characters); got 20"),
                invalid("negative start", "[{'label': 'PER', 'start': -1, 'end': 3}]", "label[0].start", "must be a whole number ≥ 0"),
                invalid("fractional offset", "[{'label': 'PER', 'start': 0.5, 'end': 3}]", "label[0].start", "got a number"),
                invalid("missing end", "[{'label': 'PER', 'start': 0}]", "label[0].end", "is required: a whole number ≥ 0"),
                invalid("unknown label", "[{'label': 'ORG', 'start': 0, 'end': 3}]", "label[0].label", "must be one of [PER, LOC]; got 'ORG'"),
                invalid("unknown span field", "[{'label': 'PER', 'start': 0, 'end': 3, 'text': 'Ada'}]", "label[0].text",
                        "is not a span field (expected [label, start, end])"),
                invalid("overlap", "[{'label': 'PER', 'start': 0, 'end': 9}, {'label': 'LOC', 'start': 4, 'end': 12}]", "label[1]",
                        "overlaps label[0] (0–9); spans must not overlap in this job"),
                invalid("nested overlap, reported on the later span", "[{'label': 'LOC', 'start': 4, 'end': 5}, {'label': 'PER', 'start': 0, 'end': 9}]",
                        "label[1]", "overlaps label[0] (4–5)"),
                invalid("the same span twice", "[{'label': 'PER', 'start': 0, 'end': 3}, {'label': 'PER', 'start': 0, 'end': 3}]", "label[1]",
                        "repeats the span label[0]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidLabels")
    void refusesWithTheFieldAndWhatIsExpected(String shape, String label, String field, String message) {
        rejects(NER, label, SENTENCE, field, message);
    }

    @Test
    void overlapsAreAllowedWhenTheSchemaSaysSoButRepeatsAreNot() {
        LabelSchema nested = schema("{'kind': 'text-spans', 'labels': ['PER', 'LOC'], 'allowOverlap': true}");
        accepts(nested, "[{'label': 'PER', 'start': 0, 'end': 9}, {'label': 'LOC', 'start': 4, 'end': 12}]", SENTENCE);
        accepts(nested, "[{'label': 'PER', 'start': 0, 'end': 3}, {'label': 'LOC', 'start': 0, 'end': 3}]", SENTENCE);
        rejects(nested, "[{'label': 'PER', 'start': 0, 'end': 3}, {'label': 'PER', 'start': 0, 'end': 3}]", SENTENCE,
                "label[1]", "repeats the span label[0]");
    }

    @Test
    void aRepeatIsNotAlsoReportedAsAnOverlap() {
        assertThat(NER.validate(json("[{'label': 'PER', 'start': 0, 'end': 3}, {'label': 'PER', 'start': 0, 'end': 3}]"),
                json(SENTENCE), "label")).hasSize(1);
    }

    @Test
    void itemsMustHaveText() {
        assertThat(NER.checkItemData(json(SENTENCE), "data")).isEmpty();
        assertThat(NER.checkItemData(json("{'text': ''}"), "data")).isEmpty();
        assertThat(NER.checkItemData(json("{'body': 'Ada'}"), "data")).extracting(FieldError::field, FieldError::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("data.text", "is required: the text to mark, a string; got nothing"));
        assertThat(NER.checkItemData(json("{'text': 42}"), "data")).extracting(FieldError::message)
                .containsExactly("is required: the text to mark, a string; got a number");
        assertThat(NER.checkItemData(json("'Ada lives in London'"), "data")).extracting(FieldError::field).containsExactly("data");
    }

    @Test
    void schemaProblems() {
        hasProblem("{'kind': 'text-spans'}", "schema.labels", "is required: at least 1 label for kind text-spans");
        hasProblem("{'kind': 'text-spans', 'labels': ['PER'], 'maxBoxes': 3}", "schema.maxBoxes", "is not used by kind text-spans");
        hasProblem("{'kind': 'text-spans', 'labels': ['PER', 'PER']}", "schema.labels[1]", "repeats 'PER'");
    }
}
