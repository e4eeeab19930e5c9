package io.tessera.quality.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.quality.live.ItemDecider.Decision;
import io.tessera.quality.live.ItemDecider.Outcome;
import io.tessera.quality.live.ItemDecider.Vote;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Live decisions of the non-categorical kinds: the kind's merge, its agreement, resolve or one more label. */
class KindDeciderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void multiLabelResolvesWhenEveryLabelHasAMajority() throws Exception {
        JsonNode schema = schema("{\"kind\":\"multi-label\",\"labels\":[\"a\",\"b\",\"c\"]}");
        Decision d = decide(schema, null, false, "[\"a\",\"b\"]", "[\"a\",\"b\"]", "[\"a\"]");
        assertThat(d.outcome()).isEqualTo(Outcome.RESOLVE);
        assertThat(d.label()).isEqualTo("[\"a\",\"b\"]");
        assertThat(d.confidence()).as("a 3/3, b 2/3, c 0/3").isCloseTo(2.0 / 3, within(1e-12));
        assertThat(decide(schema, 0.9, false, "[\"a\",\"b\"]", "[\"a\",\"b\"]", "[\"a\"]").outcome())
                .as("below the target").isEqualTo(Outcome.EXTEND);
        assertThat(decide(schema, null, false, "[\"a\"]", "[\"b\"]").outcome()).as("a and b split 1:1")
                .isEqualTo(Outcome.EXTEND);
        Decision full = decide(schema, null, true, "[\"a\"]", "[\"b\"]");
        assertThat(full.outcome()).as("at maxOverlap").isEqualTo(Outcome.RESOLVE);
    }

    @Test
    void ratingsResolveWhenMostAreWithinHalfAStepOfTheMedian() throws Exception {
        JsonNode ordinal = schema("{\"kind\":\"rating\",\"min\":1,\"max\":5,\"step\":1,\"scale\":\"ordinal\"}");
        Decision d = decide(ordinal, null, false, "3", "3", "4");
        assertThat(d.outcome()).isEqualTo(Outcome.RESOLVE);
        assertThat(d.label()).isEqualTo("3");
        assertThat(d.confidence()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(decide(ordinal, null, false, "1", "3", "5").outcome()).isEqualTo(Outcome.EXTEND);
        Decision even = decide(ordinal, null, true, "2", "4");
        assertThat(even.label()).as("an even count on an ordinal scale: the lower middle point").isEqualTo("2");
        assertThat(even.confidence()).isCloseTo(0.5, within(1e-12));
        assertThat(decide(ordinal, 0.9, false, "3", "3", "4").outcome()).isEqualTo(Outcome.EXTEND);

        JsonNode interval = schema("{\"kind\":\"rating\",\"min\":0,\"max\":100,\"scale\":\"interval\"}");
        Decision i = decide(interval, null, false, "50", "52", "80");
        assertThat(i.outcome()).as("within 5 (5% of the range) of 52: 50 and 52").isEqualTo(Outcome.RESOLVE);
        assertThat(i.label()).isEqualTo("52");
        assertThat(decide(interval, null, true, "50", "53").label()).isEqualTo("51.5");
    }

    @Test
    void boxesResolveWhenEveryBoxDecisionHasAStrictMajority() throws Exception {
        JsonNode schema = schema("{\"kind\":\"bounding-boxes\",\"labels\":[\"sofa\",\"pot\"]}");
        String sofa = "{\"label\":\"sofa\",\"x\":10,\"y\":10,\"w\":100,\"h\":50}";
        String sofa2 = "{\"label\":\"sofa\",\"x\":13,\"y\":10,\"w\":100,\"h\":50}";
        String pot = "{\"label\":\"pot\",\"x\":300,\"y\":300,\"w\":20,\"h\":20}";
        Decision d = decide(schema, null, false, "[" + sofa + "]", "[" + sofa2 + "]", "[" + sofa + "," + pot + "]");
        assertThat(d.outcome()).isEqualTo(Outcome.RESOLVE);
        JsonNode merged = JSON.readTree(d.label());
        assertThat(merged).as("the phantom pot is dropped").hasSize(1);
        assertThat(merged.get(0).path("label").asText()).isEqualTo("sofa");
        assertThat(merged.get(0).path("x").asDouble()).as("mean of 10, 13, 10").isCloseTo(11, within(1e-9));
        assertThat(d.confidence()).as("the pot: 1 of 3 drew it").isCloseTo(2.0 / 3, within(1e-12));
        assertThat(decide(schema, null, false, "[" + sofa + "]", "[]").outcome()).as("one box, one 'nothing'")
                .isEqualTo(Outcome.EXTEND);
    }

    @Test
    void spansResolveLikeBoxes() throws Exception {
        JsonNode schema = schema("{\"kind\":\"text-spans\",\"labels\":[\"PER\",\"LOC\"]}");
        String per = "{\"label\":\"PER\",\"start\":0,\"end\":5}";
        String loc = "{\"label\":\"LOC\",\"start\":10,\"end\":15}";
        Decision d = decide(schema, null, false, "[" + per + "]", "[" + per + "]", "[" + per + "," + loc + "]");
        assertThat(d.outcome()).isEqualTo(Outcome.RESOLVE);
        assertThat(JSON.readTree(d.label())).isEqualTo(JSON.readTree("[" + per + "]"));
        assertThat(d.confidence()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(decide(schema, null, false, "[" + per + "]", "[" + loc + "]").outcome()).isEqualTo(Outcome.EXTEND);
    }

    @Test
    void transcriptionsResolveWhenTheAnswersAreCloseToTheMergedText() throws Exception {
        JsonNode schema = schema("{\"kind\":\"transcription\"}");
        Decision d = decide(schema, null, false, "\"the cat sat on the mat\"", "\"the cat sat on the mat\"",
                "\"the cat sad on the mat\"");
        assertThat(d.outcome()).isEqualTo(Outcome.RESOLVE);
        assertThat(JSON.readTree(d.label()).asText()).isEqualTo("the cat sat on the mat");
        assertThat(d.confidence()).isGreaterThanOrEqualTo(KindDecider.DEFAULT_TEXT_AGREEMENT);
        Decision apart = decide(schema, null, false, "\"hello world\"", "\"completely different words\"");
        assertThat(apart.outcome()).isEqualTo(Outcome.EXTEND);
        assertThat(apart.confidence()).isLessThan(0.5);
    }

    @Test
    void waitsForTheLabelsTheItemNeeds() throws Exception {
        JsonNode schema = schema("{\"kind\":\"rating\",\"min\":1,\"max\":5,\"step\":1,\"scale\":\"ordinal\"}");
        assertThat(KindDecider.decide("rating", schema, List.of(new Vote("w1", "3", 0.7)), 2, false, null).outcome())
                .isEqualTo(Outcome.WAIT);
    }

    private static Decision decide(JsonNode schema, Double target, boolean atMost, String... labels) {
        List<Vote> votes = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            votes.add(new Vote("w" + i, labels[i], 0.7));
        }
        return KindDecider.decide(schema.path("kind").asText(), schema, votes, labels.length, atMost, target);
    }

    private static JsonNode schema(String json) throws Exception {
        return JSON.readTree(json);
    }
}
