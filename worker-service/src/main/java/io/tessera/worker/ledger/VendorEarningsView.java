package io.tessera.worker.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A vendor's earnings: the entries booked while the worker was on the vendor's floor, in total and per
 * worker. The totals are the sums of the workers' lines, to the cent.
 */
public record VendorEarningsView(UUID vendorId, Instant from, Instant to, long balanceCents, long rewardsCents,
        long reversalsCents, long bonusesCents, long adjustmentsCents, long entries, List<EarningsView> workers) {
}
