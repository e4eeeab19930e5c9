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

class BoundingBoxesTest {
    private static final LabelSchema ROOM = schema("{'kind': 'bounding-boxes', 'labels': ['sofa', 'pot'], 'maxBoxes': 3}");
    private static final String PHOTO = "{'url': 'https://img.example/1.jpg', 'width': 640, 'height': 480}";

    @Test
    void acceptsBoxesInsideTheImage() {
        accepts(ROOM, "[]", PHOTO);
        accepts(ROOM, "[{'label': 'sofa', 'x': 0, 'y': 0, 'w': 640, 'h': 480}]", PHOTO);
        accepts(ROOM, "[{'label': 'sofa', 'x': 10.5, 'y': 20, 'w': 100.25, 'h': 50},"
                + " {'label': 'pot', 'x': 600, 'y': 400, 'w': 40, 'h': 80},"
                + " {'label': 'pot', 'x': 600, 'y': 400, 'w': 39, 'h': 80}]", PHOTO);
        accepts(ROOM, "[{'label': 'pot', 'x': 0.1, 'y': 0, 'w': 0.2, 'h': 1}]", "{'width': 0.3, 'height': 1}");
    }

    static Stream<Arguments> invalidLabels() {
        return Stream.of(
                invalid("one box, not a list", "{'label': 'sofa', 'x': 0, 'y': 0, 'w': 1, 'h': 1}", "label",
                        "must be an array of boxes {label, x, y, w, h}; got an object"),
                invalid("box is not an object", "['sofa']", "label[0]", "must be a box {label, x, y, w, h}; got a string"),
                invalid("missing h", "[{'label': 'sofa', 'x': 0, 'y': 0, 'w': 10}]", "label[0].h", "is required: a number > 0; got nothing"),
                invalid("missing label", "[{'x': 0, 'y': 0, 'w': 10, 'h': 10}]", "label[0].label", "is required: a string, one of [sofa, pot]"),
                invalid("unknown label", "[{'label': 'chair', 'x': 0, 'y': 0, 'w': 10, 'h': 10}]", "label[0].label",
                        "must be one of [sofa, pot]; got 'chair'"),
                invalid("negative x", "[{'label': 'sofa', 'x': -1, 'y': 0, 'w': 10, 'h': 10}]", "label[0].x", "must be a number ≥ 0; got -1"),
                invalid("zero width", "[{'label': 'sofa', 'x': 0, 'y': 0, 'w': 0, 'h': 10}]", "label[0].w", "must be a number > 0; got 0"),
                invalid("coordinate as a string", "[{'label': 'sofa', 'x': '10', 'y': 0, 'w': 10, 'h': 10}]", "label[0].x",
                        "must be a number ≥ 0; got a string"),
                invalid("past the right edge", "[{'label': 'sofa', 'x': 600, 'y': 0, 'w': 41, 'h': 10}]", "label[0].w",
                        "must be at most width − x = 40 so the box stays inside the image; got 41"),
                invalid("past the bottom edge", "[{'label': 'sofa', 'x': 0, 'y': 470.5, 'w': 1, 'h': 10}]", "label[0].h",
                        "must be at most height − y = 9.5"),
                invalid("starts outside the image", "[{'label': 'sofa', 'x': 640, 'y': 0, 'w': 1, 'h': 1}]", "label[0].x",
                        "must be less than the image width (640); got 640"),
                invalid("unknown box field", "[{'label': 'sofa', 'x': 0, 'y': 0, 'w': 1, 'h': 1, 'angle': 30}]", "label[0].angle",
                        "is not a box field (expected [label, x, y, w, h])"),
                invalid("the same box twice", "[{'label': 'pot', 'x': 1, 'y': 1, 'w': 2, 'h': 2}, {'label': 'pot', 'x': 1.0, 'y': 1, 'w': 2, 'h': 2}]",
                        "label[1]", "repeats the box label[0]"),
                invalid("more than maxBoxes", "[{'label': 'pot', 'x': 1, 'y': 1, 'w': 2, 'h': 2}, {'label': 'pot', 'x': 2, 'y': 1, 'w': 2, 'h': 2},"
                        + " {'label': 'pot', 'x': 3, 'y': 1, 'w': 2, 'h': 2}, {'label': 'pot', 'x': 4, 'y': 1, 'w': 2, 'h': 2}]",
                        "label", "has 4 boxes; at most 3 are allowed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidLabels")
    void refusesWithTheFieldAndWhatIsExpected(String shape, String label, String field, String message) {
        rejects(ROOM, label, PHOTO, field, message);
    }

    @Test
    void everyBadBoxIsReportedUpToTheLimit() {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            many.append(i == 0 ? "" : ",").append("{'label': 'pot', 'x': -1, 'y': 0, 'w': 1, 'h': 1}");
        }
        LabelSchema unlimited = schema("{'kind': 'bounding-boxes', 'labels': ['pot']}");
        assertThat(unlimited.validate(json(many + "]"), json(PHOTO), "label")).hasSize(Errors.MAX)
                .first().extracting(FieldError::field).isEqualTo("label[0].x");
    }

    @Test
    void withoutItemDataTheImageBoundsAreNotChecked() {
        accepts(ROOM, "[{'label': 'sofa', 'x': 5000, 'y': 0, 'w': 10, 'h': 10}]", null);
    }

    @Test
    void itemsMustGiveTheImageSize() {
        assertThat(ROOM.checkItemData(json(PHOTO), "data")).isEmpty();
        assertThat(ROOM.checkItemData(json("{'url': 'x.jpg'}"), "data")).extracting(FieldError::field)
                .containsExactly("data.width", "data.height");
        assertThat(ROOM.checkItemData(json("{'width': 0, 'height': -3}"), "data")).extracting(FieldError::message)
                .containsExactly("is required: the image width in pixels, a number > 0; got 0",
                        "is required: the image height in pixels, a number > 0; got -3");
        assertThat(ROOM.checkItemData(json("{'width': '640', 'height': 480}"), "data")).extracting(FieldError::message)
                .containsExactly("is required: the image width in pixels, a number > 0; got a string");
        assertThat(ROOM.checkItemData(json("'https://img.example/1.jpg'"), "data")).extracting(FieldError::field)
                .containsExactly("data");
        assertThat(ROOM.checkItemData(null, "data")).extracting(FieldError::field).containsExactly("data");
    }

    @Test
    void schemaProblems() {
        hasProblem("{'kind': 'bounding-boxes', 'labels': ['sofa'], 'maxBoxes': 0}", "schema.maxBoxes", "must be from 1 to 10000; got 0");
        hasProblem("{'kind': 'bounding-boxes', 'labels': ['sofa'], 'maxBoxes': 20000}", "schema.maxBoxes", "got 20000");
        hasProblem("{'kind': 'bounding-boxes'}", "schema.labels", "is required: at least 1 label for kind bounding-boxes");
        hasProblem("{'kind': 'bounding-boxes', 'labels': ['sofa'], 'allowOverlap': true}", "schema.allowOverlap",
                "is not used by kind bounding-boxes");
        assertThat(schema("{'kind': 'bounding-boxes', 'labels': ['sofa']}").maxBoxes()).isNull();
    }
}
