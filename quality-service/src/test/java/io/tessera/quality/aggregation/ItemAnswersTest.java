package io.tessera.quality.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemAnswersTest {

    @Test
    void rowsAreGroupedByItemInFirstAppearanceOrder() {
        ItemAnswers<String> a = ItemAnswers.<String>builder()
                .add("i2", "w1", "x").add("i1", "w2", "y").add("i2", "w2", "z").add("i1", "w1", "u")
                .build();
        assertEquals(List.of("i2", "i1"), a.items());
        assertEquals(List.of("w1", "w2"), a.workers());
        assertEquals(List.of("x", "z", "y", "u"), a.values());
        assertArrayEquals(new int[] {0, 0, 1, 1}, a.itemOf());
        assertArrayEquals(new int[] {0, 1, 1, 0}, a.workerOf());
        assertArrayEquals(new int[] {0, 2, 4}, a.itemOffsets());
        // rows of w1: 0 (x) and 3 (u)
        assertArrayEquals(new int[] {0, 3}, Arrays.copyOfRange(a.workerRows(), a.workerOffsets()[0], a.workerOffsets()[1]));
        assertEquals(2, a.itemSize(1));
        assertEquals(-1, a.itemId("nope"));
    }

    @Test
    void duplicatePolicies() {
        for (Answers.Duplicates d : Answers.Duplicates.values()) {
            ItemAnswers<String> a = ItemAnswers.<String>builder().duplicates(d)
                    .add("i", "w", "first").add("i", "v", "other").add("i", "w", "second").build();
            switch (d) {
                case KEEP_ALL -> assertEquals(List.of("first", "other", "second"), a.values());
                case KEEP_FIRST -> assertEquals(List.of("first", "other"), a.values());
                case KEEP_LAST -> assertEquals(List.of("other", "second"), a.values());
            }
            assertEquals(d == Answers.Duplicates.KEEP_ALL ? 0 : 1, a.duplicatesDropped(), d.name());
        }
        // many rows: the arrays grow
        ItemAnswers.Builder<Integer> b = ItemAnswers.builder();
        for (int i = 0; i < 1000; i++) {
            b.add("i" + (i % 7), "w" + i, i);
        }
        assertEquals(1000, b.build().size());
    }

    @Test
    void goldByItem() {
        ItemAnswers<String> a = ItemAnswers.<String>builder().add("i1", "w", "x").add("i2", "w", "y").build();
        List<String> g = a.goldByItem(Map.of("i2", "gold", "unknown", "ignored"));
        assertNull(g.get(0));
        assertEquals("gold", g.get(1));
        assertThrows(NullPointerException.class, () -> ItemAnswers.<String>builder().add("i", "w", null));
    }
}
