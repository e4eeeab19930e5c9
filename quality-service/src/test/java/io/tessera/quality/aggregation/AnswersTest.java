package io.tessera.quality.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswersTest {

    @Test
    void labelsSortNumericallyWhenAllAreNumbers() {
        Answers a = Answers.builder().add("i", "w1", "10").add("i", "w2", "9").add("j", "w1", "-1").build();
        assertEquals(List.of("-1", "9", "10"), a.labels());
        Answers s = Answers.builder().add("i", "w1", "yes").add("i", "w2", "no").add("i", "w3", "10").build();
        assertEquals(List.of("10", "no", "yes"), s.labels());
    }

    @Test
    void rowsAreGroupedByItemAndWorker() {
        Answers a = Answers.builder().add("b", "w1", "x").add("a", "w2", "y").add("b", "w2", "y").build();
        assertEquals(List.of("b", "a"), a.items());
        assertEquals(2, a.itemSize(a.itemId("b")));
        assertEquals(2, a.workerSize(a.workerId("w2")));
        int t = a.itemId("b");
        for (int r = a.itemStart(t); r < a.itemStart(t + 1); r++) {
            assertEquals(t, a.itemOf()[r]);
        }
    }

    @Test
    void duplicatePolicies() {
        Answers.Builder all = Answers.builder();
        Answers.Builder first = Answers.builder().duplicates(Answers.Duplicates.KEEP_FIRST);
        Answers.Builder last = Answers.builder().duplicates(Answers.Duplicates.KEEP_LAST);
        for (Answers.Builder b : List.of(all, first, last)) {
            b.add("i", "w", "a").add("i", "v", "a").add("i", "w", "b");
        }
        Answers keepAll = all.build();
        assertEquals(3, keepAll.size());
        assertEquals(1, keepAll.duplicatesSeen());
        assertEquals(0, keepAll.duplicatesDropped());
        Answers keepFirst = first.build();
        assertEquals(2, keepFirst.size());
        assertEquals(2.0, keepFirst.voteCounts()[keepFirst.labelId("a")]);
        Answers keepLast = last.build();
        assertEquals(2, keepLast.size());
        assertEquals(1, keepLast.duplicatesDropped());
        assertEquals(1.0, keepLast.voteCounts()[keepLast.labelId("b")]);
    }

    @Test
    void goldMustBeInTheLabelSpaceUnlessDeclared() {
        Answers a = Answers.builder().add("i", "w", "a").build();
        assertThrows(IllegalArgumentException.class, () -> GoldLabels.of(a, Map.of("i", "z")));
        Answers declared = Answers.builder().declareLabels(List.of("z")).add("i", "w", "a").build();
        GoldLabels g = GoldLabels.of(declared, Map.of("i", "z", "unknown-item", "a"));
        assertEquals(1, g.known());
        assertEquals(1, g.ignored());
        assertEquals(declared.labelId("z"), g.labelOf(0));
    }

    @Test
    void everyAlgorithmIsDeterministicAndReturnsDistributions() {
        Answers a = SharedDatasets.fixtureAnswers("simple");
        for (Aggregator agg : Aggregators.all()) {
            AggregationResult r1 = agg.fit(a);
            AggregationResult r2 = Aggregators.byName(agg.name()).orElseThrow().fit(a);
            for (int t = 0; t < a.itemCount(); t++) {
                double s = 0;
                for (int k = 0; k < a.labelCount(); k++) {
                    s += r1.posterior(t, k);
                    assertEquals(r1.posterior(t, k), r2.posterior(t, k), 0.0, agg.name());
                }
                assertEquals(1.0, s, 1e-9, agg.name());
            }
        }
    }
}
