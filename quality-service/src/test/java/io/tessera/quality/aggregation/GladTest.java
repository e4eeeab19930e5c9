package io.tessera.quality.aggregation;

import static io.tessera.quality.aggregation.FixtureAssertions.accuracy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Crowd-Kit tests/aggregation/test_glad_aggregation.py on the shared fixtures. */
class GladTest {

    @ParameterizedTest(name = "n_iter={0}, tol={1}")
    @CsvSource({"100, 0", "100500, 1e-5"})
    void toyAndSimpleAccuracyOne(int nIter, double tol) {
        Glad glad = new Glad(nIter, tol, 25, 1e-2);
        assertEquals(1.0, accuracy(glad.fit(SharedDatasets.fixtureAnswers("toy")), SharedDatasets.fixtureTruth("toy")));
        assertEquals(1.0, accuracy(glad.fit(SharedDatasets.fixtureAnswers("simple")),
                SharedDatasets.fixtureTruth("simple")));
    }

    /** test_glad_e_step: one task of simple, alpha = beta = 1, posterior (goose, parrot) = (0.995664, 0.004336). */
    @Test
    void firstEStepOnOneTask() {
        Answers all = SharedDatasets.fixtureAnswers("simple");
        Answers.Builder b = Answers.builder();
        String task = "1231239876--5fac0d234ffb2f3b00893eec";
        int t = all.itemId(task);
        for (int r = all.itemStart(t); r < all.itemStart(t + 1); r++) {
            b.add(task, all.worker(all.workerOf()[r]), all.label(all.labelOf()[r]));
        }
        AggregationResult r = new Glad(0, 1e-5, 25, 1e-2).fit(b.build());
        assertEquals(0.995664, r.posterior(task).get("goose"), 1e-6);
        assertEquals(0.004336, r.posterior(task).get("parrot"), 1e-6);
    }

    @Test
    void fraudsterGetsTheLowestAbility() {
        AggregationResult r = new Glad().fit(SharedDatasets.fixtureAnswers("simple"));
        double fraud = r.skill("0c3eb7d5fcc414db137c4180a654c06e").orElseThrow();
        for (int w = 0; w < r.answers().workerCount(); w++) {
            assertTrue(r.skill(w) >= fraud);
        }
        assertTrue(r.itemDifficulty(0).isPresent());
    }
}
