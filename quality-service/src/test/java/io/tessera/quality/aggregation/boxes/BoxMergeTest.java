package io.tessera.quality.aggregation.boxes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.quality.aggregation.ItemAnswers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-made box fixtures with exact outputs. */
class BoxMergeTest {

    static final Box SOFA1 = new Box("sofa", 10, 10, 100, 50);
    static final Box SOFA2 = new Box("sofa", 12, 10, 100, 50);
    static final Box SOFA3 = new Box("sofa", 11, 12, 98, 50);
    static final Box POT = new Box("pot", 200, 200, 20, 20);
    static final Box CARPET = new Box("carpet", 300, 300, 50, 50);

    /** Three workers agree on the sofa; a pot and a carpet are drawn by one each. */
    static ItemAnswers<List<Box>> room() {
        return ItemAnswers.<List<Box>>builder()
                .add("img", "w1", List.of(SOFA1, POT))
                .add("img", "w2", List.of(SOFA2))
                .add("img", "w3", List.of(SOFA3, CARPET))
                .build();
    }

    static void assertBox(Box expected, Box actual) {
        assertEquals(expected.label(), actual.label());
        assertEquals(expected.x(), actual.x(), 1e-9);
        assertEquals(expected.y(), actual.y(), 1e-9);
        assertEquals(expected.w(), actual.w(), 1e-9);
        assertEquals(expected.h(), actual.h(), 1e-9);
    }

    @Test
    void unweightedMeanOfTheCornersAndMajoritySupport() {
        BoxResult r = new BoxMerge().unweighted().fit(room());
        List<Box> merged = r.answer("img").orElseThrow();
        assertEquals(1, merged.size());
        // corners: x1 (10 + 12 + 11) / 3, y1 (10 + 10 + 12) / 3, x2 (110 + 112 + 109) / 3, y2 (60 + 60 + 62) / 3
        assertBox(new Box("sofa", 11, 32.0 / 3, 331.0 / 3 - 11, 182.0 / 3 - 32.0 / 3), merged.get(0));
        List<MergedBox> all = r.clusters(0);
        assertEquals(3, all.size());
        assertEquals(1.0, all.get(0).support(), 0);
        assertEquals(3, all.get(0).workers());
        assertEquals("pot", all.get(1).box().label()); // equal support: creation order
        assertEquals(1.0 / 3, all.get(1).support(), 1e-12);
        assertEquals(1, all.get(1).workers());
        assertTrue(!all.get(1).kept() && !all.get(2).kept());
        assertEquals(2.0 / 3, r.confidence(0), 1e-12);
        // F1 against {sofa}: w1 TP 1 FP 1, w2 TP 1, w3 TP 1 FP 1
        assertEquals(2.0 / 3, r.skill("w1").orElseThrow(), 1e-12);
        assertEquals(1.0, r.skill("w2").orElseThrow(), 0);
        assertEquals(0.5, r.precision(2), 0);
        assertEquals(1.0, r.recall(2), 0);
        assertEquals(SOFA2.iou(merged.get(0)), r.meanIou(1), 1e-12);
    }

    @Test
    void thresholdsAreConfigurable() {
        BoxResult loose = new BoxMerge().unweighted().keeping(0.3, 1).fit(room());
        assertEquals(3, loose.answer(0).size());
        BoxResult twoWorkers = new BoxMerge().unweighted().keeping(0.0, 2).fit(room());
        assertEquals(1, twoWorkers.answer(0).size());
        // at IoU 0.95 only w1 and w2 match (0.96); w3's sofa (0.905 with their mean) starts its own cluster
        BoxResult strict = new BoxMerge().unweighted().withIouThreshold(0.95).fit(room());
        assertEquals(2, strict.clusters(0).get(0).workers());
        assertEquals(1, strict.answer(0).size());
        assertThrows(IllegalArgumentException.class, () -> new BoxMerge().withIouThreshold(0));
    }

    @Test
    void labelsMustAgreeUnlessMatchedAcrossLabels() {
        ItemAnswers<List<Box>> a = ItemAnswers.<List<Box>>builder()
                .add("img", "w1", List.of(SOFA1))
                .add("img", "w2", List.of(SOFA2))
                .add("img", "w3", List.of(new Box("chair", 11, 12, 98, 50)))
                .build();
        BoxResult byLabel = new BoxMerge().unweighted().fit(a);
        assertEquals(2, byLabel.clusters(0).size());
        assertEquals(2.0 / 3, byLabel.clusters(0).get(0).support(), 1e-12);
        BoxResult across = new BoxMerge().unweighted().acrossLabels().fit(a);
        assertEquals(1, across.clusters(0).size());
        assertEquals("sofa", across.answer(0).get(0).label()); // 2 votes to 1
        assertEquals(1.0, across.confidence(0), 0);
    }

    @Test
    void emptyAnswersCountAgainstABox() {
        ItemAnswers<List<Box>> a = ItemAnswers.<List<Box>>builder()
                .add("img", "w1", List.of(SOFA1))
                .add("img", "w2", List.of())
                .add("img", "w3", List.of())
                .add("empty", "w1", List.of())
                .add("empty", "w2", List.of())
                .build();
        BoxResult r = new BoxMerge().unweighted().fit(a);
        assertEquals(List.of(), r.answer("img").orElseThrow());
        assertEquals(1.0 / 3, r.clusters(0).get(0).support(), 1e-12);
        assertEquals(List.of(), r.answer("empty").orElseThrow());
        assertEquals(1.0, r.confidence(1), 0);
        assertTrue(Double.isNaN(r.skill("w2").orElseThrow())); // nothing drawn, nothing merged on its items
    }

    @Test
    void reliabilityOverturnsTwoUnreliableWorkers() {
        // img0..img5: w1, w2, w3 draw the sofa; w4 and w5 each draw a phantom somewhere else and miss the sofa.
        // X: w1 draws nothing, w4 and w5 draw the same phantom pot.
        ItemAnswers.Builder<List<Box>> b = ItemAnswers.builder();
        for (int i = 0; i < 6; i++) {
            b.add("img" + i, "w1", List.of(SOFA1)).add("img" + i, "w2", List.of(SOFA2))
                    .add("img" + i, "w3", List.of(SOFA3))
                    .add("img" + i, "w4", List.of(new Box("pot", 20 * i, 300, 15, 15)))
                    .add("img" + i, "w5", List.of(new Box("pot", 400, 20 * i, 15, 15)));
        }
        b.add("X", "w1", List.of()).add("X", "w4", List.of(POT)).add("X", "w5", List.of(POT));
        ItemAnswers<List<Box>> a = b.build();
        BoxResult unweighted = new BoxMerge().unweighted().fit(a);
        assertEquals(List.of(POT), unweighted.answer("X").orElseThrow()); // 2 of 3
        BoxResult weighted = new BoxMerge().fit(a);
        // w1..w3: smoothed F1 (2·6 + 1) / (2·6 + 2); w4, w5: 1 / (6 + 6 + 2) on img*, then X
        assertEquals(13.0 / 14, weighted.weight(0), 1e-9);
        assertTrue(weighted.weight(3) < 0.2, "w4 " + weighted.weight(3));
        assertEquals(List.of(), weighted.answer("X").orElseThrow());
        assertEquals(List.of("sofa"), weighted.answer("img0").orElseThrow().stream().map(Box::label).toList());
        assertEquals(0.0, weighted.skill("w4").orElseThrow(), 0);
    }

    @Test
    void goldBoxesAreOutputAndCountHowManyFoundThem() {
        BoxResult r = new BoxMerge().fit(room(), Map.of("img", List.of(SOFA1, CARPET)));
        assertEquals(List.of(SOFA1, CARPET), r.answer("img").orElseThrow());
        assertEquals(3, r.clusters(0).get(0).workers());
        assertEquals(1, r.clusters(0).get(1).workers());
        assertEquals(1.0, r.confidence(0), 0);
        // w3 drew both gold boxes
        assertEquals(1.0, r.skill("w3").orElseThrow(), 0);
    }
}
