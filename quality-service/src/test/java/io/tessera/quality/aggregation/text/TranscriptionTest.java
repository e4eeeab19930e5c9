package io.tessera.quality.aggregation.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tessera.quality.aggregation.ItemAnswers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Edit distance, medoid and ROVER on hand-made answers. */
class TranscriptionTest {

    static ItemAnswers<String> item(String... texts) {
        ItemAnswers.Builder<String> b = ItemAnswers.builder();
        for (int i = 0; i < texts.length; i++) {
            b.add("s", "w" + (i + 1), texts[i]);
        }
        return b.build();
    }

    @Test
    void editDistance() {
        assertEquals(3, EditDistance.levenshtein("kitten", "sitting"));
        assertEquals(3.0 / 7, EditDistance.normalized("kitten", "sitting"), 1e-15);
        assertEquals(1, EditDistance.levenshtein("😀a", "a")); // one code point, two UTF-16 units
        assertEquals(0.0, EditDistance.normalized("", ""), 0);
        assertEquals(1.0, EditDistance.normalized("", "ab"), 0);
        assertEquals("a b c", TextNormalization.DEFAULT.apply("  a \t b\n\nc "));
        assertEquals("hello world", new TextNormalization(true, true).apply("Hello, World!"));
        assertEquals("\u00e9", TextNormalization.DEFAULT.apply("e\u0301")); // NFC
    }

    @Test
    void medoidPicksTheMostCentralAnswer() {
        TextResult r = new MedoidTranscription().unweighted()
                .fit(item("the quick brown fox", "the quick brown fox", "teh quick brown fox"));
        assertEquals("the quick brown fox", r.answer(0));
        assertEquals("w1", r.pivotWorker(0)); // w1 and w2 tie: lower worker id
        assertEquals((1 + 17.0 / 19) / 2, r.confidence(0), 1e-12); // the other answers' similarity
        // w3 against the medoid of w1 and w2: 2 of 19 code points differ
        assertEquals(17.0 / 19, r.skill("w3").orElseThrow(), 1e-12);
        assertEquals(1.0, r.skill("w1").orElseThrow(), 0);
        assertEquals(0, r.wordShares(0).length);
        assertEquals(0.0, new MedoidTranscription().fit(item("alone")).confidence(0), 0);
    }

    @Test
    void roverFixesAnErrorEveryAnswerHas() {
        ItemAnswers<String> a = item("the quik brown fox", "the quick brwn fox", "teh quick brown fox");
        assertEquals("the quik brown fox", new MedoidTranscription().unweighted().fit(a).answer(0));
        TextResult r = new RoverTranscription().unweighted().fit(a);
        assertEquals("the quick brown fox", r.answer(0));
        assertEquals("w1", r.pivotWorker(0)); // w1 and w2 both at 5 edits from the others
        assertArrayEquals(new double[] {2.0 / 3, 2.0 / 3, 2.0 / 3, 1.0}, r.wordShares(0), 1e-12);
        assertEquals("rover", r.algorithm());
    }

    @Test
    void roverVotesInsertionsAndDeletions() {
        assertEquals("a b x c", new RoverTranscription().unweighted().fit(item("a b c", "a b x c", "a b x c")).answer(0));
        assertEquals("a b c", new RoverTranscription().unweighted().fit(item("a b c", "a b c", "a b x c")).answer(0));
        assertEquals("a c", new RoverTranscription().unweighted().fit(item("a b c", "a c", "a c")).answer(0));
        assertEquals("a b c", new RoverTranscription().unweighted().fit(item("a b c", "a c", "a b c")).answer(0));
        assertEquals("x y", new RoverTranscription().unweighted().fit(item("x y", "x  y ", "")).answer(0));
        assertEquals("", new RoverTranscription().unweighted().fit(item("", "", "x")).answer(0));
    }

    @Test
    void alignmentPutsTyposOnTheirWordAndInsertionsInTheirGap() {
        String[] slot = new String[3];
        List<List<String>> gaps = new ArrayList<>();
        for (int j = 0; j < 4; j++) {
            gaps.add(new ArrayList<>());
        }
        RoverTranscription.align(new String[] {"well", "teh", "big", "dog", "barks", "now"},
                new String[] {"the", "dog", "barks"}, slot, gaps);
        assertArrayEquals(new String[] {"teh", "dog", "barks"}, slot);
        assertEquals(List.of(List.of("well"), List.of("big"), List.of(), List.of("now")), gaps);
    }

    @Test
    void goldAndNormalization() {
        ItemAnswers<String> a = ItemAnswers.<String>builder()
                .add("g", "w1", "Hello  world").add("g", "w2", "hello world")
                .add("s", "w1", "Good Morning").add("s", "w2", "good morning!")
                .build();
        TextResult r = new RoverTranscription().fit(a, Map.of("g", " Hello world "));
        assertEquals("Hello world", r.answer("g").orElseThrow());
        assertEquals(1.0, r.confidence(0), 0);
        assertNull(r.pivotWorker(0));
        // w1: gold item 1 (same words), "s" 0 against w2's "good morning!" (both words differ): mean 0.5
        assertEquals(0.5, r.skill("w1").orElseThrow(), 1e-12);
        // w2: "hello" vs gold "Hello": 1 of 2 words, and 0 on "s"
        assertEquals(0.25, r.skill("w2").orElseThrow(), 1e-12);
        TextResult folded = new RoverTranscription().normalizing(new TextNormalization(true, true)).unweighted().fit(a);
        assertEquals("good morning", folded.answer("s").orElseThrow());
        assertEquals(1.0, folded.confidence(1), 0);
    }
}
