package io.tessera.quality.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LabelAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode j(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static boolean agrees(String kind, String schema, String label, String merged) throws Exception {
        return LabelAgreement.agrees(kind, j(schema), j(label), j(merged));
    }

    @Test
    void multiLabelAgreesOnTheSameSetInAnyOrder() throws Exception {
        String schema = "{\"kind\":\"multi-label\",\"labels\":[\"a\",\"b\",\"c\"]}";
        assertThat(agrees("multi-label", schema, "[\"b\",\"a\"]", "[\"a\",\"b\"]")).isTrue();
        assertThat(agrees("multi-label", schema, "[]", "[]")).isTrue();
        assertThat(agrees("multi-label", schema, "[\"a\"]", "[\"a\",\"b\"]")).as("one missing").isFalse();
        assertThat(agrees("multi-label", schema, "[\"a\",\"b\",\"c\"]", "[\"a\",\"b\"]")).as("one extra").isFalse();
    }

    @Test
    void ratingsAgreeWithinHalfAStep() throws Exception {
        String steps = "{\"kind\":\"rating\",\"min\":0,\"max\":10,\"step\":0.5}";
        assertThat(agrees("rating", steps, "3.5", "3.5")).isTrue();
        assertThat(agrees("rating", steps, "3.75", "3.5")).as("exactly half a step").isTrue();
        assertThat(agrees("rating", steps, "4", "3.5")).isFalse();
        String interval = "{\"kind\":\"rating\",\"scale\":\"interval\",\"min\":0,\"max\":100}";
        assertThat(agrees("rating", interval, "54", "50")).as("5% of the range").isTrue();
        assertThat(agrees("rating", interval, "56", "50")).isFalse();
    }

    @Test
    void boxesAgreeWhenEveryBoxMatchesAndNoneIsMissing() throws Exception {
        String schema = "{\"kind\":\"bounding-boxes\",\"labels\":[\"car\",\"dog\"]}";
        String merged = "[{\"label\":\"car\",\"x\":10,\"y\":10,\"w\":100,\"h\":50}]";
        assertThat(agrees("bounding-boxes", schema, "[{\"label\":\"car\",\"x\":12,\"y\":11,\"w\":98,\"h\":50}]", merged))
                .as("a few pixels off, IoU well above 0.5").isTrue();
        assertThat(agrees("bounding-boxes", schema, "[{\"label\":\"dog\",\"x\":10,\"y\":10,\"w\":100,\"h\":50}]", merged))
                .as("same place, other label").isFalse();
        assertThat(agrees("bounding-boxes", schema, "[{\"label\":\"car\",\"x\":300,\"y\":300,\"w\":100,\"h\":50}]", merged))
                .as("elsewhere").isFalse();
        assertThat(agrees("bounding-boxes", schema, "[{\"label\":\"car\",\"x\":10,\"y\":10,\"w\":100,\"h\":50},"
                + "{\"label\":\"car\",\"x\":300,\"y\":300,\"w\":10,\"h\":10}]", merged)).as("an extra box").isFalse();
        assertThat(agrees("bounding-boxes", schema, "[]", merged)).as("missed it").isFalse();
        assertThat(agrees("bounding-boxes", schema, "[]", "[]")).as("nothing there, nothing drawn").isTrue();
    }

    @Test
    void spansAgreeByLabelAndOverlap() throws Exception {
        String schema = "{\"kind\":\"text-spans\",\"labels\":[\"PER\",\"LOC\"]}";
        String merged = "[{\"label\":\"PER\",\"start\":0,\"end\":10}]";
        assertThat(agrees("text-spans", schema, "[{\"label\":\"PER\",\"start\":0,\"end\":9}]", merged)).isTrue();
        assertThat(agrees("text-spans", schema, "[{\"label\":\"LOC\",\"start\":0,\"end\":10}]", merged)).isFalse();
        assertThat(agrees("text-spans", schema, "[{\"label\":\"PER\",\"start\":0,\"end\":3}]", merged))
                .as("IoU 0.3").isFalse();
        assertThat(agrees("text-spans", schema, "[]", merged)).isFalse();
    }

    @Test
    void transcriptionsAgreeWhenAtLeastEightyPercentSimilar() throws Exception {
        String schema = "{\"kind\":\"transcription\"}";
        assertThat(agrees("transcription", schema, "\"the quick brown fox\"", "\"the quick brown fox\"")).isTrue();
        assertThat(agrees("transcription", schema, "\"the quick brown fax\"", "\"the quick brown fox\"")).isTrue();
        assertThat(agrees("transcription", schema, "\"a slow red dog\"", "\"the quick brown fox\"")).isFalse();
    }

    @Test
    void categoricalLabelsAreComparedInSqlNotHere() {
        assertThatThrownBy(() -> agrees("categorical", "{}", "\"a\"", "\"a\"")).isInstanceOf(IllegalArgumentException.class);
    }
}
