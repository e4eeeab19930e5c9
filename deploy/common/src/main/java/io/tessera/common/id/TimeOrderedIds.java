package io.tessera.common.id;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Version 7 UUIDs (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. For ids that are
 * a B-tree's key and are written at a high rate ({@code processed_event}, keyed by event id): a random
 * (version 4) key sends each insert to a random leaf page of an index that outgrows the buffer cache, so
 * the insert reads that page, dirties it and, first after every checkpoint, writes it whole into the WAL;
 * a time-ordered key appends to the few rightmost pages. docs/performance.md, session 7.
 *
 * <p>The random bits come from {@link ThreadLocalRandom}, not a secure generator: these ids must be unique,
 * not secret (74 bits per millisecond). Ids made in the same millisecond are not ordered among themselves.
 */
public final class TimeOrderedIds {
    private TimeOrderedIds() {
    }

    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    /** The id of {@code epochMillis} (the low 48 bits) with fresh random bits. */
    static UUID at(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long randA = random.nextLong() & 0xFFFL;
        long most = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | randA;
        long least = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(most, least);
    }
}
