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

class TranscriptionTest {
    private static final LabelSchema SHORT = schema("{'kind': 'transcription', 'minLength': 2, 'maxLength': 10}");

    @Test
    void maxLengthDefaultsAndTheEmptyStringIsAnAnswer() {
        LabelSchema plain = schema("{'kind': 'transcription'}");
        assertThat(plain.maxLength()).isEqualTo(Transcription.DEFAULT_MAX_LENGTH);
        assertThat(plain.minLength()).isNull();
        accepts(plain, "''", null);
        accepts(plain, "'" + "x".repeat(10_000) + "'", null);
        rejects(plain, "'" + "x".repeat(10_001) + "'", null, "label", "has 10001 characters; at most 10000 are allowed");
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        accepts(SHORT, "'" + "\uD83D\uDE00".repeat(10) + "'", null);
        accepts(SHORT, "'ünïcödé'", null);
    }

    static Stream<Arguments> invalidLabels() {
        return Stream.of(
                invalid("number", "42", "label", "must be a string (the transcription); got a number"),
                invalid("array of words", "['hello', 'world']", "label", "got an array"),
                invalid("object", "{'text': 'hello'}", "label", "got an object"),
                invalid("boolean", "false", "label", "got a boolean"),
                invalid("too long", "'hello world'", "label", "has 11 characters; at most 10 are allowed"),
                invalid("too short", "'a'", "label", "has 1 characters besides surrounding whitespace; at least 2 are required"),
                invalid("only spaces", "'     '", "label", "has 0 characters besides surrounding whitespace"),
                invalid("NUL character", "'ab\\u0000'", "label", "must not contain the character U+0000 (NUL)"),
                invalid("null", "null", "label", "is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidLabels")
    void refusesWithTheFieldAndWhatIsExpected(String shape, String label, String field, String message) {
        rejects(SHORT, label, null, field, message);
    }

    @Test
    void schemaProblems() {
        hasProblem("{'kind': 'transcription', 'maxLength': 0}", "schema.maxLength", "must be from 1 to 1000000; got 0");
        hasProblem("{'kind': 'transcription', 'maxLength': 2000000}", "schema.maxLength", "got 2000000");
        hasProblem("{'kind': 'transcription', 'minLength': 20, 'maxLength': 10}", "schema.minLength",
                "must be from 0 to maxLength (10); got 20");
        hasProblem("{'kind': 'transcription', 'minLength': -1}", "schema.minLength", "got -1");
        hasProblem("{'kind': 'transcription', 'labels': ['a', 'b']}", "schema.labels", "is not used by kind transcription");
    }
}
