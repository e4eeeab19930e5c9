package io.tessera.quality.aggregation.spans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.quality.aggregation.ItemAnswers;
import io.tessera.quality.agreement.MatchedF1;
import io.tessera.quality.agreement.SpanF1;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "Ada lives in London": PER [0, 3), LOC [13, 19); "in London" is [10, 19). */
class SpanVotingTest {

    static final Span ADA = new Span("PER", 0, 3);
    static final Span LONDON = new Span("LOC", 13, 19);
    static final Span IN_LONDON = new Span("LOC", 10, 19);

    static ItemAnswers<List<Span>> ada() {
        return ItemAnswers.<List<Span>>builder()
                .add("s", "w1", List.of(ADA, LONDON))
                .add("s", "w2", List.of(LONDON, ADA))
                .add("s", "w3", List.of(ADA, IN_LONDON))
                .build();
    }

    static final SpanVoting EXACT = new SpanVoting().unweighted().withMinIou(1.0);

    @Test
    void exactVoting() {
        SpanResult r = EXACT.fit(ada());
        assertEquals(List.of(ADA, LONDON), r.answer("s").orElseThrow());
        List<MergedSpan> c = r.candidates(0);
        assertEquals(3, c.size());
        assertEquals(new MergedSpan(ADA, 1.0, 3, 1.0, true), c.get(0));
        assertEquals(IN_LONDON, c.get(1).span()); // by start: 10 before 13
        assertEquals(1.0 / 3, c.get(1).support(), 1e-12);
        assertFalse(c.get(1).kept());
        assertEquals(2.0 / 3, c.get(2).support(), 1e-12);
        assertEquals(2.0 / 3, r.confidence(0), 1e-12);
        assertEquals(1.0, r.skill("w1").orElseThrow(), 0);
        assertEquals(0.5, r.skill("w3").orElseThrow(), 1e-12); // TP 1, FP 1, FN 1
        assertEquals("span-exact", r.algorithm());
    }

    @Test
    void nearIdenticalSpansVoteTogetherUnderAnIouThreshold() {
        SpanResult r = new SpanVoting().unweighted().fit(ada());
        assertEquals("span", r.algorithm());
        assertEquals(List.of(ADA, LONDON), r.answer(0));
        MergedSpan loc = r.candidates(0).get(1);
        assertEquals(LONDON, loc.span());
        assertEquals(1.0, loc.support(), 0);
        assertEquals(3, loc.workers());
        assertEquals(2.0 / 3, loc.boundaryShare(), 1e-12);
        assertEquals(1.0, r.confidence(0), 0);
        // IoU of [10, 19) and [13, 19) is 6/9: below 0.7 they stay apart
        assertEquals(3, new SpanVoting().unweighted().withMinIou(0.7).fit(ada()).candidates(0).size());
    }

    @Test
    void overlapsAreResolvedBySupportUnlessAllowed() {
        Span org = new Span("ORG", 10, 19);
        ItemAnswers<List<Span>> a = ItemAnswers.<List<Span>>builder()
                .add("s", "w1", List.of(LONDON, org))
                .add("s", "w2", List.of(org))
                .add("s", "w3", List.of(LONDON))
                .add("s", "w4", List.of(org, ADA))
                .build();
        SpanResult r = EXACT.fit(a);
        // ORG 3/4 beats LOC 2/4 (not above 0.5 anyway) and ADA 1/4
        assertEquals(List.of(org), r.answer(0));
        SpanResult low = EXACT.keeping(0.4, 1).fit(a);
        assertEquals(List.of(org), low.answer(0)); // LOC overlaps the stronger ORG
        SpanResult overlapping = EXACT.keeping(0.4, 1).allowingOverlap(true).fit(a);
        assertEquals(List.of(org, LONDON), overlapping.answer(0));
    }

    @Test
    void tiesBetweenOverlappingSpansGoToTheEarlierSpan() {
        Span org = new Span("ORG", 10, 19);
        ItemAnswers<List<Span>> a = ItemAnswers.<List<Span>>builder()
                .add("s", "w1", List.of(LONDON)).add("s", "w2", List.of(org)).build();
        assertEquals(List.of(org), EXACT.keeping(0.4, 1).fit(a).answer(0));
    }

    @Test
    void goldAndEmptyAnswers() {
        ItemAnswers<List<Span>> a = ItemAnswers.<List<Span>>builder()
                .add("s", "w1", List.of(ADA)).add("s", "w2", List.of()).add("s", "w3", List.of())
                .add("g", "w1", List.of(ADA)).add("g", "w2", List.of(LONDON))
                .build();
        SpanResult r = new SpanVoting().fit(a, Map.of("g", List.of(LONDON, ADA)));
        assertEquals(List.of(), r.answer("s").orElseThrow());
        assertEquals(List.of(ADA, LONDON), r.answer("g").orElseThrow());
        assertEquals(1.0, r.confidence(1), 0);
        assertEquals(1, r.candidates(1).get(0).workers());
        assertThrows(IllegalArgumentException.class, () -> new Span("PER", 3, 3));
        assertTrue(new Span("A", 0, 3).iou(new Span("B", 3, 8)) == 0 && !new Span("A", 0, 3).overlaps(new Span("B", 3, 8)));
    }

    @Test
    void spanF1BetweenWorkers() {
        MatchedF1.Counts c = SpanF1.of(List.of(ADA, IN_LONDON), List.of(ADA, LONDON), 1.0);
        assertEquals(1, c.truePositives());
        assertEquals(0.5, c.f1("x").value(), 0);
        assertEquals(1.0, SpanF1.of(List.of(ADA, IN_LONDON), List.of(ADA, LONDON), 0.5).f1("x").value(), 0);
        MatchedF1.JobF1 job = SpanF1.ofAnswers(ada(), 1.0);
        // w1-w2: 1; w1-w3: 0.5; w2-w3: 0.5
        assertEquals(2.0 / 3, job.meanF1().value(), 1e-12);
        assertEquals(1.0, SpanF1.between(ada(), "w2", "w1", 1.0).f1().value(), 0);
        assertEquals(SpanF1.METRIC, job.meanF1().metric());
    }
}
