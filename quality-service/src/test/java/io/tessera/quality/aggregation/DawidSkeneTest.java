package io.tessera.quality.aggregation;

import static io.tessera.quality.aggregation.FixtureAssertions.assertLabels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Crowd-Kit tests/aggregation/test_ds_aggregation.py on the shared fixtures. */
class DawidSkeneTest {

    @ParameterizedTest(name = "n_iter={0}, tol={1}")
    @CsvSource({"10, 0", "100500, 1e-5"})
    void toyAndSimpleMatchGroundTruth(int nIter, double tol) {
        assertLabels(new DawidSkene(nIter, tol).fit(SharedDatasets.fixtureAnswers("toy")),
                SharedDatasets.fixtureTruth("toy"));
        assertLabels(new DawidSkene(nIter, tol).fit(SharedDatasets.fixtureAnswers("simple")),
                SharedDatasets.fixtureTruth("simple"));
    }

    @ParameterizedTest(name = "one-coin n_iter={0}, tol={1}")
    @CsvSource({"10, 0", "100500, 1e-5"})
    void oneCoinToyAndSimpleMatchGroundTruth(int nIter, double tol) {
        assertLabels(new OneCoinDawidSkene(nIter, tol).fit(SharedDatasets.fixtureAnswers("toy")),
                SharedDatasets.fixtureTruth("toy"));
        assertLabels(new OneCoinDawidSkene(nIter, tol).fit(SharedDatasets.fixtureAnswers("simple")),
                SharedDatasets.fixtureTruth("simple"));
    }

    @ParameterizedTest(name = "gold, n_iter={0}, tol={1}")
    @CsvSource({"10, 0", "100500, 1e-5"})
    void goldOnToy(int nIter, double tol) {
        Answers a = SharedDatasets.fixtureAnswers("toy");
        GoldLabels gold = GoldLabels.of(a, Map.of("t1", "yes", "t2", "yes"));
        assertLabels(new DawidSkene(nIter, tol).fit(a, gold), SharedDatasets.fixtureTruth("toy"));
    }

    @ParameterizedTest(name = "gold clamps after {0} iterations")
    @ValueSource(ints = {0, 1, 2})
    void goldProbasAreOneHot(int nIter) {
        Answers a = SharedDatasets.fixtureAnswers("toy");
        AggregationResult r = new DawidSkene(nIter, 1e-5).fit(a, GoldLabels.of(a, Map.of("t1", "yes", "t2", "yes")));
        assertEquals(1.0, r.posterior("t1").get("yes"), 1e-8);
        assertEquals(1.0, r.posterior("t2").get("yes"), 1e-8);
        for (int t = 0; t < a.itemCount(); t++) {
            assertEquals(1.0, r.posterior(t, 0) + r.posterior(t, 1), 1e-8);
        }
    }

    /** test_dawid_skene_step_by_step: probas, priors and errors after 0 and 1 iterations, atol 0.005. */
    @Test
    void stepByStepIteration0() {
        AggregationResult r = new DawidSkene(0, 1e-5).fit(SharedDatasets.fixtureAnswers("toy"));
        assertStep(r,
                new double[][] {{0.5, 0.5}, {0.4, 0.6}, {0.6, 0.4}, {0.0, 1.0}, {0.8, 0.2}},
                new double[] {0.46, 0.54},
                new double[][] {{0.22, 0.19}, {0.78, 0.81}, {0.61, 0.22}, {0.39, 0.78}, {0.78, 0.27}, {0.22, 0.73},
                        {0.52, 0.30}, {0.48, 0.70}, {1.00, 0.63}, {0.00, 0.37}},
                new String[] {"no", "yes", "no", "yes", "no"});
    }

    @Test
    void stepByStepIteration1() {
        AggregationResult r = new DawidSkene(1, 1e-5).fit(SharedDatasets.fixtureAnswers("toy"));
        assertStep(r,
                new double[][] {{0.35, 0.65}, {0.26, 0.74}, {0.87, 0.13}, {0.00, 1.00}, {0.95, 0.05}},
                new double[] {0.49, 0.51},
                new double[][] {{0.14, 0.25}, {0.86, 0.75}, {0.75, 0.07}, {0.25, 0.93}, {0.87, 0.09}, {0.13, 0.91},
                        {0.50, 0.31}, {0.50, 0.69}, {1.00, 0.61}, {0.00, 0.39}},
                new String[] {"yes", "yes", "no", "yes", "no"});
    }

    /** test_dawid_skene_overlap: three items, label yes from 2/3 of the workers each. */
    @ParameterizedTest(name = "overlap {0}")
    @ValueSource(ints = {3, 300, 30000})
    void overlap(int overlap) {
        Answers.Builder b = Answers.builder();
        for (int w = 0; w < overlap; w++) {
            for (int t = 0; t < 3; t++) {
                b.add(Integer.toString(t), Integer.toString(w), (w - t) % 3 != 0 ? "yes" : "no");
            }
        }
        AggregationResult r = new DawidSkene(20, 1e-5).fit(b.build());
        for (int t = 0; t < 3; t++) {
            assertEquals("yes", r.label(t));
            assertEquals(2.0 / 3, r.posterior(t, 1), 0.005);
        }
        assertEquals(1.0 / 3, r.priors().orElseThrow()[0], 0.005);
    }

    @Test
    void emptyInputGivesEmptyResult() {
        AggregationResult r = new DawidSkene().fit(Answers.builder().build());
        assertEquals(0, r.answers().itemCount());
    }

    @Test
    void confusionRowsSumToOneAndSkillIsExpectedAccuracy() {
        AggregationResult r = new DawidSkene().fit(SharedDatasets.fixtureAnswers("simple"));
        double[] priors = r.priors().orElseThrow();
        for (int w = 0; w < r.answers().workerCount(); w++) {
            double[][] m = r.confusion(w);
            double acc = 0;
            for (int c = 0; c < m.length; c++) {
                double s = 0;
                for (double v : m[c]) {
                    s += v;
                }
                assertEquals(1.0, s, 1e-9);
                acc += priors[c] * m[c][c];
            }
            assertEquals(acc, r.skill(w), 1e-12);
        }
        assertTrue(r.hasModelConfusion());
    }

    private static void assertStep(AggregationResult r, double[][] noYes, double[] priors, double[][] errors,
                                   String[] labels) {
        Answers a = r.answers();
        for (int i = 0; i < 5; i++) {
            String t = "t" + (i + 1);
            assertEquals(noYes[i][0], r.posterior(t).get("no"), 0.005, t + " no");
            assertEquals(noYes[i][1], r.posterior(t).get("yes"), 0.005, t + " yes");
            assertEquals(labels[i], r.label(t).orElseThrow(), t);
        }
        double[] p = r.priors().orElseThrow();
        assertEquals(priors[0], p[a.labelId("no")], 0.005);
        assertEquals(priors[1], p[a.labelId("yes")], 0.005);
        // errors rows: (worker, given label) in order w1 no, w1 yes, w2 no, ...; columns true no, true yes
        for (int w = 0; w < 5; w++) {
            double[][] m = r.confusion(a.workerId("w" + (w + 1)));
            for (int given = 0; given < 2; given++) {
                for (int truth = 0; truth < 2; truth++) {
                    assertEquals(errors[w * 2 + given][truth], m[truth][given], 0.005,
                            "w" + (w + 1) + " given " + given + " true " + truth);
                }
            }
        }
    }
}
