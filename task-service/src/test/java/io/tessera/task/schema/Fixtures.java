package io.tessera.task.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tessera.common.error.FieldError;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/** Schemas, labels and item data written as JSON with single quotes, and assertions on the errors. */
final class Fixtures {
    static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    private Fixtures() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A schema as a client would send it, whether valid or not. */
    static LabelSchema anySchema(String text) {
        try {
            return JSON.readValue(text, LabelSchema.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A schema that must be valid. */
    static LabelSchema schema(String text) {
        LabelSchema schema = anySchema(text);
        assertThat(schema.problems()).as("problems of %s", text).isEmpty();
        return schema;
    }

    /** The label (JSON) is valid under the schema for an item with the given data (JSON, or null). */
    static void accepts(LabelSchema schema, String label, String data) {
        assertThat(schema.validate(json(label), data == null ? null : json(data), "label"))
                .as("errors for %s", label).isEmpty();
    }

    /**
     * The label is refused, and one of the errors is on {@code field} with a message containing
     * {@code message}.
     */
    static List<FieldError> rejects(LabelSchema schema, String label, String data, String field, String message) {
        List<FieldError> errors = schema.validate(json(label), data == null ? null : json(data), "label");
        assertThat(errors).as("errors for %s", label)
                .anySatisfy(e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.message()).contains(message);
                });
        return errors;
    }

    /** The schema has a problem on {@code field} whose message contains {@code message}. */
    static void hasProblem(String schema, String field, String message) {
        assertThat(anySchema(schema).problems()).as("problems of %s", schema)
                .anySatisfy(e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.message()).contains(message);
                });
    }

    /** One invalid case: a description for the test name, the label, and the expected field and message part. */
    static Arguments invalid(String shape, String label, String field, String message) {
        return Arguments.of(shape, label, field, message);
    }
}
