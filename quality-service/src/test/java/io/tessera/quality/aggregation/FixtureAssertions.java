package io.tessera.quality.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

/** Shared checks for the Crowd-Kit fixtures. */
final class FixtureAssertions {

    private FixtureAssertions() {
    }

    /** Share of truth items whose aggregated label equals the truth (Crowd-Kit's evaluate with evaluate_equal). */
    static double accuracy(AggregationResult result, Map<String, String> truth) {
        int hit = 0;
        for (Map.Entry<String, String> e : truth.entrySet()) {
            if (result.label(e.getKey()).orElseThrow().equals(e.getValue())) {
                hit++;
            }
        }
        return (double) hit / truth.size();
    }

    static void assertLabels(AggregationResult result, Map<String, String> expected) {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), result.label(e.getKey()).orElseThrow(), "label of " + e.getKey());
        }
        assertEquals(expected.size(), result.answers().itemCount(), "number of items");
    }

    static void assertPosterior(AggregationResult result, String item, String label, double expected, double tol) {
        assertEquals(expected, result.posterior(item).get(label), tol, "P(" + item + " = " + label + ")");
    }

    static void assertSkill(AggregationResult result, String worker, double expected, double tol) {
        assertEquals(expected, result.skill(worker).orElseThrow(), tol, "skill of " + worker);
    }

    static Map<String, String> toyMvLabels() {
        return Map.of("t1", "no", "t2", "yes", "t3", "no", "t4", "yes", "t5", "no");
    }
}
