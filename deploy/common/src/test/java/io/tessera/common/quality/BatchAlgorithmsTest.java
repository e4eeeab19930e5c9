package io.tessera.common.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchAlgorithmsTest {

    @Test
    void thePatternTaskServiceValidatesWithIsExactlyEveryKindsNames() {
        List<String> spelled = Arrays.asList(BatchAlgorithms.PATTERN.split("\\|"));
        assertEquals(BatchAlgorithms.all().stream().sorted().toList(), spelled.stream().sorted().toList());
    }

    @Test
    void eachKindHasItsOwnNamesWithTheDefaultFirst() {
        assertEquals("ds", BatchAlgorithms.defaultFor("categorical"));
        assertEquals("ds", BatchAlgorithms.defaultFor("pairwise"));
        assertEquals("per-label-ds", BatchAlgorithms.defaultFor("multi-label"));
        assertEquals("weighted", BatchAlgorithms.defaultFor("rating"));
        assertEquals("box-weighted", BatchAlgorithms.defaultFor("bounding-boxes"));
        assertEquals("span-weighted", BatchAlgorithms.defaultFor("text-spans"));
        assertEquals("rover-weighted", BatchAlgorithms.defaultFor("transcription"));
        assertTrue(BatchAlgorithms.fits("rating", "median"));
        assertFalse(BatchAlgorithms.fits("rating", "ds"));
        assertFalse(BatchAlgorithms.fits("multi-label", "ds"));
        assertFalse(BatchAlgorithms.fits("hologram", "ds"));
        assertFalse(BatchAlgorithms.fits("rating", null));
    }
}
