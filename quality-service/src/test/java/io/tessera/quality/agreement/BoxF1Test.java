package io.tessera.quality.agreement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.aggregation.boxes.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IoU-matched F1 between workers, by hand. */
class BoxF1Test {

    static final Box SOFA = new Box("sofa", 0, 0, 100, 100);
    static final Box SOFA_SHIFTED = new Box("sofa", 10, 0, 100, 100); // IoU 9000 / 11000
    static final Box SOFA_FAR = new Box("sofa", 60, 0, 100, 100);     // IoU 4000 / 16000
    static final Box POT = new Box("pot", 300, 300, 20, 20);
    static final Box CARPET = new Box("carpet", 200, 0, 50, 50);

    @Test
    void oneItem() {
        MatchedF1.Counts c = BoxF1.of(List.of(SOFA, POT), List.of(SOFA_SHIFTED), 0.5);
        assertEquals(1, c.truePositives());
        assertEquals(1, c.onlyFirst());
        assertEquals(0, c.onlySecond());
        assertEquals(9.0 / 11, c.meanSimilarity(), 1e-12);
        assertEquals(2.0 / 3, c.f1("x").value(), 1e-12);
        assertEquals(0.5, c.precision(), 0);
        assertEquals(1.0, c.recall(), 0);
        // below the IoU threshold, or another label: no match
        assertEquals(0.0, BoxF1.f1(List.of(SOFA), List.of(SOFA_FAR)).value(), 0);
        assertEquals(0.0, BoxF1.f1(List.of(SOFA), List.of(new Box("pot", 0, 0, 100, 100))).value(), 0);
        assertEquals(1.0, BoxF1.of(List.of(SOFA), List.of(SOFA_FAR), 0.25).f1("x").value(), 0);
        // nothing on either side: undefined
        assertFalse(BoxF1.f1(List.of(), List.of()).isDefined());
    }

    /**
     * Three workers on three images. a: img1 {sofa, pot}, img2 {}, img3 {}; b: img1 {sofa shifted}, img2 {},
     * img3 {carpet}; c: img1 {sofa}, img3 {carpet}.
     */
    @Test
    void pairsAndJob() {
        ItemAnswers<List<Box>> answers = ItemAnswers.<List<Box>>builder()
                .add("img1", "a", List.of(SOFA, POT)).add("img1", "b", List.of(SOFA_SHIFTED))
                .add("img1", "c", List.of(SOFA))
                .add("img2", "a", List.of()).add("img2", "b", List.of())
                .add("img3", "a", List.of()).add("img3", "b", List.of(CARPET)).add("img3", "c", List.of(CARPET))
                .build();
        // a-b: img1 TP 1, a-only 1; img3 b-only 1 -> 2 / (2 + 2)
        MatchedF1.WorkerPair ab = BoxF1.between(answers, "a", "b", 0.5);
        assertEquals(3, ab.sharedItems());
        assertEquals(0.5, ab.f1().value(), 1e-12);
        // a-c: img1 TP 1 (IoU 1), a-only 1; img3 c-only 1 -> 0.5; b-c: img1 TP, img3 TP -> 1
        MatchedF1.JobF1 job = BoxF1.ofAnswers(answers, 0.5);
        assertEquals(3, job.pairs().size());
        assertEquals("a", job.pairs().get(0).first());
        assertEquals("b", job.pairs().get(0).second());
        assertEquals(0.5, job.pairs().get(1).f1().value(), 1e-12);
        assertEquals(1.0, job.pairs().get(2).f1().value(), 1e-12);
        assertEquals(2.0 / 3, job.meanF1().value(), 1e-12);
        // pooled: TP 1 + 1 + 2 = 4, unmatched 2 + 2 + 0 = 4 -> 8 / 12
        assertEquals(8.0 / 12, job.pooledF1().value(), 1e-12);
        assertEquals(ab.f1().value(), BoxF1.between(answers, "b", "a", 0.5).f1().value(), 0);
        assertFalse(BoxF1.ofAnswers(ItemAnswers.<List<Box>>builder().add("i", "a", List.of()).build(), 0.5)
                .meanF1().isDefined());
    }
}
