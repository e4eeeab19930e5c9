package io.tessera.quality.aggregation;

import static io.tessera.quality.aggregation.FixtureAssertions.assertLabels;
import static io.tessera.quality.aggregation.FixtureAssertions.assertPosterior;
import static io.tessera.quality.aggregation.FixtureAssertions.assertSkill;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Crowd-Kit tests/aggregation/test_majority_vote.py and data_mv.py on the shared fixtures. */
class MajorityVoteTest {

    @Test
    void toyLabelsProbasAndSkills() {
        AggregationResult r = new MajorityVote().fit(SharedDatasets.fixtureAnswers("toy"));
        assertLabels(r, FixtureAssertions.toyMvLabels());
        double[][] yesNo = {{0.5, 0.5}, {0.6, 0.4}, {0.4, 0.6}, {1.0, 0.0}, {0.2, 0.8}};
        for (int i = 0; i < 5; i++) {
            assertPosterior(r, "t" + (i + 1), "yes", yesNo[i][0], 1e-12);
            assertPosterior(r, "t" + (i + 1), "no", yesNo[i][1], 1e-12);
        }
        double[] skills = {0.6, 0.8, 1.0, 0.4, 0.8};
        for (int w = 0; w < 5; w++) {
            assertSkill(r, "w" + (w + 1), skills[w], 1e-12);
        }
        // t1 is a 2-2 tie: reported as such, broken to the lowest label ("no" < "yes")
        int t1 = r.answers().itemId("t1");
        assertTrue(r.isTie(t1));
        assertEquals(2, r.tieCount(t1));
        assertFalse(r.isTie(r.answers().itemId("t2")));
    }

    @Test
    void simpleLabelsAndSkills() {
        AggregationResult r = new MajorityVote().fit(SharedDatasets.fixtureAnswers("simple"));
        assertLabels(r, SharedDatasets.fixtureTruth("simple"));
        Map<String, Double> skills = Map.of(
                "0c3eb7d5fcc414db137c4180a654c06e", 1.0 / 3,
                "0f65edea0a6dc7b9acba1dea313bbb3d", 1.0,
                "a452e450f913cfa987cad58d50393718", 1.0,
                "b17c3301ad2ccbb798716fdd405d16e8", 1.0,
                "bde3b214b06c1efa6cb1bc6284dc72d2", 1.0,
                "e563e2fb32fce9f00123a65a1bc78c55", 2.0 / 3);
        skills.forEach((w, s) -> assertSkill(r, w, s, 1e-6));
    }

    /** Crowd-Kit accuracy_on_aggregates(toy): share of all answers equal to the MV label = 17/24. */
    @Test
    void accuracyOnAggregates() {
        Answers a = SharedDatasets.fixtureAnswers("toy");
        AggregationResult r = new MajorityVote().fit(a);
        int hit = 0;
        for (int row = 0; row < a.size(); row++) {
            hit += a.labelOf()[row] == r.labelIndex(a.itemOf()[row]) ? 1 : 0;
        }
        assertEquals(0.7083333333333334, (double) hit / a.size(), 1e-15);
    }

    @Test
    void goldClampsItsItems() {
        Answers a = SharedDatasets.fixtureAnswers("toy");
        AggregationResult r = new MajorityVote().fit(a, GoldLabels.of(a, Map.of("t1", "yes")));
        assertEquals("yes", r.label("t1").orElseThrow());
        assertEquals(1.0, r.confidence(a.itemId("t1")));
    }
}
