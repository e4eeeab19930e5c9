package io.tessera.worker.ledger;

import java.time.Instant;
import java.util.UUID;

/**
 * A worker's earnings in integer cents: the balance and its parts by kind, over the entries booked
 * in [{@code from}, {@code to}) (both null: all time).
 */
public record EarningsView(UUID workerId, Instant from, Instant to, long balanceCents, long rewardsCents,
        long reversalsCents, long bonusesCents, long adjustmentsCents, long entries) {
    static EarningsView of(UUID workerId, Instant from, Instant to, Totals t) {
        return new EarningsView(workerId, from, to, t.balanceCents(), t.rewardsCents(), t.reversalsCents(),
                t.bonusesCents(), t.adjustmentsCents(), t.entries());
    }
}
