package io.tessera.worker;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Times that are stored: cut to PostgreSQL's microseconds, so the body of a creation response shows
 * the same instant a later read returns.
 */
public final class Timestamps {
    private Timestamps() {
    }

    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
