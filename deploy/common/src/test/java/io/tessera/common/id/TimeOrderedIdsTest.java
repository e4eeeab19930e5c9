package io.tessera.common.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void isAVersion7UuidOfTheRfcVariantCarryingItsMillisecond() {
        long millis = 1_790_000_000_123L;
        UUID id = TimeOrderedIds.at(millis);
        assertEquals(7, id.version());
        assertEquals(2, id.variant()); // RFC 9562 (IETF) variant, bits 10
        assertEquals(millis, id.getMostSignificantBits() >>> 16);
        // The textual form starts with the millisecond in hex, as other v7 implementations print it.
        assertTrue(id.toString().replace("-", "").startsWith(String.format("%012x", millis)), id.toString());
    }

    @Test
    void laterMillisecondsSortLaterAsPostgresqlOrdersUuids() {
        // PostgreSQL compares uuids bytewise, unsigned: the order of their text forms.
        UUID earlier = TimeOrderedIds.at(1_790_000_000_123L);
        UUID later = TimeOrderedIds.at(1_790_000_000_124L);
        assertTrue(earlier.toString().compareTo(later.toString()) < 0, earlier + " then " + later);
        UUID now = TimeOrderedIds.next();
        assertTrue(later.toString().compareTo(now.toString()) < 0, later + " then " + now);
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(TimeOrderedIds.at(1_790_000_000_123L));
        }
        assertEquals(100_000, ids.size());
    }
}
