package io.tessera.task.item;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.error.ApiProblem;
import io.tessera.common.error.FieldError;
import io.tessera.task.schema.LabelSchema;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser alone: item data and gold answers checked against each label kind, with line numbers. */
class ItemBatchParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LabelSchema BOXES = schema("{\"kind\": \"bounding-boxes\", \"labels\": [\"sofa\"]}");
    private static final LabelSchema SPANS = schema("{\"kind\": \"text-spans\", \"labels\": [\"PER\"]}");
    private static final LabelSchema PAIRS = schema("{\"kind\": \"pairwise\", \"allowTie\": false}");
    private static final LabelSchema RATING = schema("{\"kind\": \"rating\", \"min\": 1, \"max\": 5, \"scale\": \"ordinal\"}");

    @Test
    void boxItemsNeedTheImageSizeOnEveryLine() {
        String body = """
                {"externalId": "1", "data": {"url": "a.jpg", "width": 640, "height": 480}}
                {"externalId": "2", "data": {"url": "b.jpg"}}
                {"externalId": "3", "data": {"url": "c.jpg", "width": 640, "height": "480"}}
                """;
        assertThat(fields(rejected(body, BOXES, false))).containsExactly("line 2: data.width", "line 2: data.height",
                "line 3: data.height");
        assertThat(parse("{\"externalId\": \"1\", \"data\": {\"width\": 1, \"height\": 1}}", BOXES, false)).hasSize(1);
    }

    @Test
    void goldBoxesAreCheckedAgainstTheirOwnImage() {
        String body = """
                [{"externalId": "g1", "data": {"width": 100, "height": 100}, "answer": [{"label": "sofa", "x": 0, "y": 0, "w": 100, "h": 100}]},
                 {"externalId": "g2", "data": {"width": 50, "height": 50}, "answer": [{"label": "sofa", "x": 0, "y": 0, "w": 100, "h": 10}]},
                 {"externalId": "g3", "data": {"width": 50, "height": 50}, "answer": "sofa"}]
                """;
        ApiProblem problem = rejected(body, BOXES, true);
        assertThat(problem.status()).isEqualTo(400);
        assertThat(fields(problem)).containsExactly("line 2: answer[0].w", "line 3: answer");
        assertThat(problem.errors().get(0).message()).contains("must be at most width − x = 50");
    }

    @Test
    void spanItemsNeedTextAndGoldSpansMustFitIt() {
        assertThat(fields(rejected("{\"externalId\": \"1\", \"data\": {\"body\": \"Ada\"}}", SPANS, false)))
                .containsExactly("line 1: data.text");
        assertThat(fields(rejected("{\"externalId\": \"g\", \"data\": {\"text\": \"Ada\"}, \"answer\": [{\"label\": \"PER\", \"start\": 0, \"end\": 4}]}",
                SPANS, true))).containsExactly("line 1: answer[0].end");
    }

    @Test
    void pairwiseItemsNeedBothOutputsAndGoldObeysAllowTie() {
        assertThat(fields(rejected("{\"externalId\": \"1\", \"data\": {\"a\": \"x\"}}", PAIRS, false)))
                .containsExactly("line 1: data.b");
        assertThat(fields(rejected("{\"externalId\": \"g\", \"data\": {\"a\": \"x\", \"b\": \"y\"}, \"answer\": \"tie\"}", PAIRS, true)))
                .containsExactly("line 1: answer");
    }

    @Test
    void ratingGoldIsOnTheScale() {
        String body = """
                {"externalId": "g1", "data": {}, "answer": 4}
                {"externalId": "g2", "data": {}, "answer": 4.5}
                {"externalId": "g3", "data": {}, "answer": "4"}
                """;
        ApiProblem problem = rejected(body, RATING, true);
        assertThat(fields(problem)).containsExactly("line 2: answer", "line 3: answer");
        assertThat(problem.errors().get(0).message()).isEqualTo("must be one of 1, 2, 3, 4, 5; got 4.5");
    }

    @Test
    void nulCharactersArePlainErrorsNotDatabaseFailures() {
        String body = """
                {"externalId": "a\\u0000", "data": {}}
                {"externalId": "b", "data": {"text": "x\\u0000"}}
                {"externalId": "c", "data": {"k\\u0000": 1}}
                """;
        assertThat(fields(rejected(body, RATING, false))).containsExactly("line 1: externalId", "line 2: data", "line 3: data");
        assertThat(fields(rejected("{\"externalId\": \"g\", \"data\": {}, \"answer\": 1, \"explanation\": \"\\u0000\"}", RATING, true)))
                .containsExactly("line 1: explanation");
    }

    private static LabelSchema schema(String text) {
        try {
            LabelSchema schema = JSON.readValue(text, LabelSchema.class);
            assertThat(schema.problems()).isEmpty();
            return schema;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<ItemInput> parse(String body, LabelSchema schema, boolean gold) {
        return ItemBatchParser.parse(new ByteArrayInputStream(body.getBytes(UTF_8)), JSON, schema, gold);
    }

    private static ApiProblem rejected(String body, LabelSchema schema, boolean gold) {
        return catchThrowableOfType(ApiProblem.class, () -> parse(body, schema, gold));
    }

    private static List<String> fields(ApiProblem problem) {
        assertThat(problem).as("the batch was accepted").isNotNull();
        return problem.errors().stream().map(FieldError::field).toList();
    }
}
