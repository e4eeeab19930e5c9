package io.tessera.task.schema;

import static io.tessera.task.schema.Fixtures.JSON;
import static io.tessera.task.schema.Fixtures.anySchema;
import static io.tessera.task.schema.Fixtures.hasProblem;
import static io.tessera.task.schema.Fixtures.json;
import static io.tessera.task.schema.Fixtures.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.error.FieldError;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSchemaTest {

    @Test
    void theKindsAndTheirJsonNames() {
        assertThat(LabelKind.names()).containsExactly("categorical", "multi-label", "rating", "bounding-boxes", "text-spans",
                "transcription", "pairwise");
        assertThat(LabelKind.of("rating")).isEqualTo(LabelKind.RATING);
        assertThat(LabelKind.of("Rating")).isNull();
    }

    @Test
    void anUnknownOrMissingKindIsNamed() {
        hasProblem("{'kind': 'pictures', 'labels': ['a', 'b']}", "schema.kind",
                "is missing or unknown; expected one of [categorical, multi-label, rating, bounding-boxes, text-spans, transcription, pairwise]");
        hasProblem("{'labels': ['a', 'b']}", "schema.kind", "is missing or unknown");
        hasProblem("{'kind': 7}", "schema.kind", "is missing or unknown");
    }

    @Test
    void aMisspelledFieldIsNamedNotIgnored() {
        hasProblem("{'kind': 'multi-label', 'labels': ['a', 'b'], 'maxSelect': 1}", "schema.maxSelect",
                "is not a schema field; kind multi-label reads [labels, minSelected, maxSelected]");
        // Also with a mapper that fails on unknown properties, as a strict REST layer would be configured.
        ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        assertThat(anySchemaWith(strict, "{\"kind\": \"rating\", \"minimum\": 1}").problems())
                .extracting(FieldError::field).contains("schema.minimum");
    }

    @Test
    void aFieldOfAnotherKindIsAProblem() {
        hasProblem("{'kind': 'categorical', 'labels': ['a', 'b'], 'maxBoxes': 3}", "schema.maxBoxes",
                "is not used by kind categorical, which reads [labels]");
        hasProblem("{'kind': 'rating', 'min': 1, 'max': 5, 'scale': 'interval', 'allowTie': false}", "schema.allowTie",
                "is not used by kind rating");
    }

    @Test
    void tooManyLabels() {
        List<String> labels = IntStream.range(0, LabelSchema.MAX_LABELS + 1).mapToObj(i -> "l" + i).toList();
        assertThat(LabelSchema.of(LabelKind.CATEGORICAL, labels).problems()).extracting(FieldError::message)
                .containsExactly("has 1001 labels; at most 1000 are allowed");
        assertThat(LabelSchema.of(LabelKind.CATEGORICAL, labels.subList(0, 1000)).problems()).isEmpty();
    }

    @Test
    void longLabelListsAreSummarisedInMessages() {
        List<String> labels = IntStream.range(0, 30).mapToObj(i -> "l" + i).toList();
        LabelSchema many = LabelSchema.of(LabelKind.CATEGORICAL, labels);
        assertThat(many.validate(json("'x'"), null, "label")).extracting(FieldError::message).first().asString()
                .startsWith("must be one of the job's 30 labels (l0, l1,").endsWith("l19, …); got 'x'");
    }

    @Test
    void aCategoricalSchemaKeepsItsShape() throws Exception {
        LabelSchema s = schema("{'kind': 'categorical', 'labels': ['pos', 'neg']}");
        assertThat(JSON.writeValueAsString(s)).isEqualTo("{\"kind\":\"categorical\",\"labels\":[\"pos\",\"neg\"]}");
        assertThat(s).isEqualTo(LabelSchema.of(LabelKind.CATEGORICAL, List.of("pos", "neg")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'kind': 'categorical', 'labels': ['pos', 'neg']}",
            "{'kind': 'multi-label', 'labels': ['a', 'b', 'c'], 'minSelected': 1, 'maxSelected': 2}",
            "{'kind': 'rating', 'min': 1, 'max': 5, 'step': 1, 'scale': 'ordinal'}",
            "{'kind': 'rating', 'min': -1.5, 'max': 1.5, 'step': 0.25, 'scale': 'interval'}",
            "{'kind': 'bounding-boxes', 'labels': ['sofa', 'pot'], 'maxBoxes': 50}",
            "{'kind': 'text-spans', 'labels': ['PER', 'LOC'], 'allowOverlap': true}",
            "{'kind': 'transcription', 'minLength': 1, 'maxLength': 500}",
            "{'kind': 'pairwise', 'allowTie': false}"})
    void everyKindWritesTheFieldsItWasGivenAndReadsBackEqual(String text) throws Exception {
        LabelSchema s = schema(text);
        String written = JSON.writeValueAsString(s);
        assertThat(JSON.readTree(written)).isEqualTo(json(text));
        assertThat(JSON.readValue(written, LabelSchema.class)).isEqualTo(s);
    }

    @Test
    void defaultsAreWrittenOutSoTheStoredSchemaIsExplicit() throws Exception {
        assertThat(JSON.readTree(JSON.writeValueAsString(schema("{'kind': 'transcription'}"))))
                .isEqualTo(json("{'kind': 'transcription', 'maxLength': 10000}"));
        assertThat(JSON.readTree(JSON.writeValueAsString(schema("{'kind': 'pairwise'}"))))
                .isEqualTo(json("{'kind': 'pairwise', 'allowTie': true}"));
        assertThat(JSON.readTree(JSON.writeValueAsString(schema("{'kind': 'rating', 'min': 1, 'max': 5, 'scale': 'ordinal'}"))))
                .isEqualTo(json("{'kind': 'rating', 'min': 1, 'max': 5, 'step': 1, 'scale': 'ordinal'}"));
        assertThat(JSON.readTree(JSON.writeValueAsString(schema("{'kind': 'rating', 'min': 0, 'max': 1, 'scale': 'interval'}"))))
                .isEqualTo(json("{'kind': 'rating', 'min': 0, 'max': 1, 'scale': 'interval'}"));
    }

    @Test
    void anInvalidSchemaCannotValidate() {
        LabelSchema broken = anySchema("{'kind': 'categorical', 'labels': ['only']}");
        assertThatThrownBy(() -> broken.validate(json("'only'"), null, "label")).isInstanceOf(IllegalStateException.class);
        LabelSchema noKind = anySchema("{'labels': ['a', 'b']}");
        assertThatThrownBy(() -> noKind.checkItemData(json("{}"), "data")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void labelsWithNulCannotBeStoredAndAreRefusedForEveryKind() {
        assertThat(schema("{'kind': 'transcription'}").validate(json("'a\\u0000b'"), null, "label"))
                .extracting(FieldError::message).containsExactly("must not contain the character U+0000 (NUL)");
        assertThat(schema("{'kind': 'text-spans', 'labels': ['PER']}").validate(
                json("[{'label': 'PER', 'start': 0, 'end': 1, 'not\\u0000e': 1}]"), null, "label")).hasSize(1);
        assertThat(Json.containsNul(json("{'a': [1, {'b': 'ok'}]}"))).isFalse();
        assertThat(Json.containsNul(json("{'a': [1, {'b': 'n\\u0000'}]}"))).isTrue();
    }

    private static LabelSchema anySchemaWith(ObjectMapper mapper, String text) {
        try {
            return mapper.readValue(text, LabelSchema.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
