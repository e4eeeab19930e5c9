package io.tessera.quality.aggregation;

import static io.tessera.quality.aggregation.FixtureAssertions.assertLabels;
import static io.tessera.quality.aggregation.FixtureAssertions.assertSkill;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Crowd-Kit data_wawa.py and data_zbs.py expectations on the toy and simple fixtures. */
class WawaTest {

    private static final double[][] TOY_YES_NO = {
            {0.461538, 0.538462}, {0.666667, 0.333333}, {0.277778, 0.722222}, {1.0, 0.0}, {0.166667, 0.833333}};
    private static final double[] TOY_SKILLS = {0.6, 0.8, 1.0, 0.4, 0.8};

    @Test
    void wawaOnToy() {
        assertToy(new Wawa().fit(SharedDatasets.fixtureAnswers("toy")));
    }

    @Test
    void zeroBasedSkillOnToy() {
        assertToy(new ZeroBasedSkill().fit(SharedDatasets.fixtureAnswers("toy")));
    }

    @Test
    void wawaAndZbsOnSimpleMatchGroundTruth() {
        assertLabels(new Wawa().fit(SharedDatasets.fixtureAnswers("simple")), SharedDatasets.fixtureTruth("simple"));
        assertLabels(new ZeroBasedSkill().fit(SharedDatasets.fixtureAnswers("simple")),
                SharedDatasets.fixtureTruth("simple"));
    }

    private static void assertToy(AggregationResult r) {
        assertLabels(r, FixtureAssertions.toyMvLabels());
        for (int i = 0; i < 5; i++) {
            String t = "t" + (i + 1);
            // Crowd-Kit asserts rtol 1e-5 on the 6-digit values
            assertEquals(TOY_YES_NO[i][0], r.posterior(t).get("yes"), 1e-5 * Math.max(1, TOY_YES_NO[i][0]) + 1e-6);
            assertEquals(TOY_YES_NO[i][1], r.posterior(t).get("no"), 1e-5 * Math.max(1, TOY_YES_NO[i][1]) + 1e-6);
        }
        for (int w = 0; w < 5; w++) {
            assertSkill(r, "w" + (w + 1), TOY_SKILLS[w], 1e-6);
        }
    }
}
