package io.tessera.quality.aggregation.multilabel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.MajorityVote;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hand-made fixtures with exact outputs (majority vote per label, so the posteriors are vote shares). */
class PerLabelBinaryTest {

    private static final List<String> LABELS = List.of("cat", "dog", "bird", "fish");

    /** i1: {cat, dog}, {cat}, {cat, bird}; i2: {}, {}, {dog}; i3: {dog}, {dog, cat}. */
    private static ItemAnswers<Set<String>> pets() {
        return ItemAnswers.<Set<String>>builder()
                .add("i1", "w1", Set.of("cat", "dog")).add("i1", "w2", Set.of("cat")).add("i1", "w3", Set.of("cat", "bird"))
                .add("i2", "w1", Set.of()).add("i2", "w2", Set.of()).add("i2", "w3", Set.of("dog"))
                .add("i3", "w1", Set.of("dog")).add("i3", "w2", Set.of("dog", "cat"))
                .build();
    }

    @Test
    void majorityVotePerLabel() {
        MultiLabelResult r = new PerLabelBinary(new MajorityVote()).fit(pets(), LABELS, Map.of());
        assertEquals("per-label-mv", r.algorithm());
        assertEquals(LABELS, r.labels());
        assertEquals(Set.of("cat"), r.answer("i1").orElseThrow());
        assertEquals(Map.of("cat", 1.0, "dog", 1.0 / 3, "bird", 1.0 / 3, "fish", 0.0), r.posterior("i1"));
        assertEquals(4.0 / 9, r.confidence(0), 1e-12);
        assertEquals(Set.of(), r.answer("i2").orElseThrow());
        assertEquals(2.0 / 3, r.confidence(1), 1e-12);
        // i3: cat is a 1-1 tie: posterior exactly 0.5, not selected, reported as undecided
        assertEquals(Set.of("dog"), r.answer("i3").orElseThrow());
        assertEquals(Set.of("cat"), r.undecided(2));
        assertEquals(0.5, r.confidence(2), 1e-12);
        assertEquals(0.5, r.labelConfidence(2, 0), 1e-12);
        // fish: nobody chose it, no model
        assertTrue(r.perLabel(3).isEmpty());
        assertTrue(Double.isNaN(r.sensitivity(0, 3)));
        assertTrue(r.perLabel(0).isPresent());
        // w1: i1 {cat, dog} vs {cat} = 1/2, i2 {} vs {} = 1, i3 {dog} vs {dog} = 1
        assertEquals(2.5 / 3, r.skill("w1").orElseThrow(), 1e-12);
        // w3: i1 {cat, bird} vs {cat} = 1/2, i2 {dog} vs {} = 0
        assertEquals(0.25, r.skill("w3").orElseThrow(), 1e-12);
    }

    @Test
    void sizeLimitsKeepTheMostProbableLabels() {
        PerLabelBinary mv = new PerLabelBinary(new MajorityVote());
        // at least one label: i2 takes dog (1/3, the highest), i1 already has one
        MultiLabelResult atLeastOne = mv.selecting(1, 4).fit(pets(), LABELS, Map.of());
        assertEquals(Set.of("dog"), atLeastOne.answer("i2").orElseThrow());
        assertEquals(Set.of("cat"), atLeastOne.answer("i1").orElseThrow());
        // i3 with a threshold of 0.4: dog (1) and cat (0.5); at most one keeps dog
        MultiLabelResult low = new PerLabelBinary(new MajorityVote(), 0.4, 0, 1).fit(pets(), LABELS, Map.of());
        assertEquals(Set.of("dog"), low.answer("i3").orElseThrow());
        MultiLabelResult lowUnlimited = new PerLabelBinary(new MajorityVote(), 0.4, 0, 4).fit(pets(), LABELS, Map.of());
        assertEquals(List.of("cat", "dog"), List.copyOf(lowUnlimited.answer("i3").orElseThrow()));
        assertThrows(IllegalArgumentException.class, () -> mv.selecting(2, 1));
    }

    @Test
    void goldSetsAreKeptAndClampEveryLabel() {
        MultiLabelResult r = new PerLabelBinary().fit(pets(), LABELS, Map.of("i3", Set.of("cat", "dog")));
        assertEquals(Set.of("cat", "dog"), r.answer("i3").orElseThrow());
        assertEquals(1.0, r.posterior(2, 0), 0);
        assertEquals(1.0, r.confidence(2), 0);
        assertThrows(IllegalArgumentException.class,
                () -> new PerLabelBinary().fit(pets(), LABELS, Map.of("i3", Set.of("horse"))));
    }

    @Test
    void labelsOutsideTheListAreAppendedSorted() {
        ItemAnswers<Set<String>> a = ItemAnswers.<Set<String>>builder()
                .add("i", "w1", Set.of("zebra", "cat")).add("i", "w2", Set.of("ant", "cat")).build();
        MultiLabelResult r = new PerLabelBinary(new MajorityVote()).fit(a, List.of("cat"), Map.of());
        assertEquals(List.of("cat", "ant", "zebra"), r.labels());
        assertEquals(Set.of("cat"), r.answer("i").orElseThrow());
        MultiLabelResult all = new PerLabelBinary(new MajorityVote()).fit(a);
        assertEquals(List.of("ant", "cat", "zebra"), all.labels());
        assertFalse(all.answer("missing").isPresent());
    }

    @Test
    void dawidSkeneGivesSensitivityAndSpecificityPerLabel() {
        MultiLabelResult r = new PerLabelBinary().fit(pets(), LABELS, Map.of());
        assertEquals("per-label-ds", r.algorithm());
        for (int w = 0; w < 3; w++) {
            for (int k = 0; k < 3; k++) {
                assertTrue(r.sensitivity(w, k) >= 0 && r.sensitivity(w, k) <= 1);
                assertTrue(r.specificity(w, k) >= 0 && r.specificity(w, k) <= 1);
            }
        }
        // (on three items DS's confusion matrices overfit: no assertion on its sets here, see the synthetic test)
        assertTrue(r.perLabel(1).orElseThrow().converged());
    }
}
