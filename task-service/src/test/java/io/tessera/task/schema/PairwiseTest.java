package io.tessera.task.schema;

import static io.tessera.task.schema.Fixtures.accepts;
import static io.tessera.task.schema.Fixtures.hasProblem;
import static io.tessera.task.schema.Fixtures.invalid;
import static io.tessera.task.schema.Fixtures.json;
import static io.tessera.task.schema.Fixtures.rejects;
import static io.tessera.task.schema.Fixtures.schema;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.common.error.FieldError;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PairwiseTest {
    private static final LabelSchema PREFERENCE = schema("{'kind': 'pairwise'}");
    private static final LabelSchema NO_TIE = schema("{'kind': 'pairwise', 'allowTie': false}");
    private static final String PAIR = "{'prompt': 'Say hi', 'a': {'text': 'Hi!', 'model': 'm1'}, 'b': {'text': 'Hello.', 'model': 'm2'}}";

    @Test
    void acceptsAOrBOrATieWhichIsAllowedByDefault() {
        assertThat(PREFERENCE.allowTie()).isTrue();
        accepts(PREFERENCE, "'A'", PAIR);
        accepts(PREFERENCE, "'B'", PAIR);
        accepts(PREFERENCE, "'tie'", PAIR);
        accepts(NO_TIE, "'A'", PAIR);
    }

    static Stream<Arguments> invalidLabels() {
        return Stream.of(
                invalid("lower case", "'a'", "label", "must be \"A\", \"B\" or \"tie\"; got 'a'"),
                invalid("a third option", "'C'", "label", "got 'C'"),
                invalid("the side's name", "'left'", "label", "got 'left'"),
                invalid("number", "1", "label", "got a number"),
                invalid("array", "['A']", "label", "got an array"),
                invalid("boolean", "true", "label", "got a boolean"),
                invalid("object", "{'winner': 'A'}", "label", "got an object"),
                invalid("null", "null", "label", "is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidLabels")
    void refusesWithTheFieldAndWhatIsExpected(String shape, String label, String field, String message) {
        rejects(PREFERENCE, label, PAIR, field, message);
    }

    @Test
    void aTieIsRefusedWhenTheSchemaForbidsIt() {
        rejects(NO_TIE, "'tie'", PAIR, "label", "must be \"A\" or \"B\" (this job allows no tie); got 'tie'");
    }

    @Test
    void itemsMustHoldBothOutputs() {
        assertThat(PREFERENCE.checkItemData(json(PAIR), "data")).isEmpty();
        assertThat(PREFERENCE.checkItemData(json("{'a': 'x', 'b': 0}"), "data")).isEmpty();
        assertThat(PREFERENCE.checkItemData(json("{'prompt': 'p', 'a': 'x'}"), "data")).extracting(FieldError::field)
                .containsExactly("data.b");
        assertThat(PREFERENCE.checkItemData(json("{'a': null, 'b': 'y'}"), "data")).extracting(FieldError::message)
                .containsExactly("is required: the first output to compare (any JSON value but null)");
        assertThat(PREFERENCE.checkItemData(json("{}"), "data")).extracting(FieldError::field)
                .containsExactly("data.a", "data.b");
        assertThat(PREFERENCE.checkItemData(json("['x', 'y']"), "data")).extracting(FieldError::field).containsExactly("data");
    }

    @Test
    void presentSwapsTheOutputsOnlyWhenFlippedAndLeavesTheDataAlone() {
        JsonNode data = json(PAIR);
        JsonNode copy = data.deepCopy();
        assertThat(Pairwise.present(data, false)).isSameAs(data);
        JsonNode shown = Pairwise.present(data, true);
        assertThat(shown).isEqualTo(json("{'prompt': 'Say hi', 'a': {'text': 'Hello.', 'model': 'm2'}, 'b': {'text': 'Hi!', 'model': 'm1'}}"));
        assertThat(data).isEqualTo(copy);
        ((com.fasterxml.jackson.databind.node.ObjectNode) shown.get("a")).put("text", "changed");
        assertThat(data).isEqualTo(copy);
        assertThat(Pairwise.present(Pairwise.present(data, true), true)).isEqualTo(data);
        assertThat(Pairwise.present(json("'not an object'"), true)).isEqualTo(json("'not an object'"));
        assertThat(Pairwise.present(null, true)).isNull();
    }

    @Test
    void unflipTurnsTheAnswerBackToTheItemsOwnSides() {
        assertThat(Pairwise.unflip(json("'A'"), true)).isEqualTo(json("'B'"));
        assertThat(Pairwise.unflip(json("'B'"), true)).isEqualTo(json("'A'"));
        assertThat(Pairwise.unflip(json("'tie'"), true)).isEqualTo(json("'tie'"));
        assertThat(Pairwise.unflip(json("'A'"), false)).isEqualTo(json("'A'"));
        assertThat(Pairwise.unflip(json("7"), true)).isEqualTo(json("7"));
        assertThat(Pairwise.unflip(null, true)).isNull();
    }

    @Test
    void aWorkerWhoSawThePairFlippedAndChoseTheSameOutputGivesTheSameStoredAnswer() {
        JsonNode data = json(PAIR);
        // The worker prefers the output "Hi!" (the item's a) in either presentation.
        for (boolean flipped : new boolean[] {false, true}) {
            JsonNode shown = Pairwise.present(data, flipped);
            String side = shown.get("a").get("text").asText().equals("Hi!") ? "A" : "B";
            JsonNode submitted = json("'" + side + "'");
            assertThat(PREFERENCE.validate(submitted, shown, "label")).isEmpty();
            assertThat(Pairwise.unflip(submitted, flipped)).isEqualTo(json("'A'"));
        }
    }

    @Test
    void schemaProblems() {
        hasProblem("{'kind': 'pairwise', 'labels': ['A', 'B']}", "schema.labels", "is not used by kind pairwise, which reads [allowTie]");
        hasProblem("{'kind': 'pairwise', 'maxLength': 5}", "schema.maxLength", "is not used by kind pairwise");
    }
}
