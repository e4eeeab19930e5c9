package io.tessera.worker.ledger;

/**
 * Sums of entries by kind, in integer cents; {@code balanceCents} is their sum (reversals are
 * negative, adjustments of either sign). {@code entries} counts the entries summed.
 */
public record Totals(long balanceCents, long rewardsCents, long reversalsCents, long bonusesCents,
        long adjustmentsCents, long entries) {
    public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0);

    Totals plus(String kind, long cents, long count) {
        return new Totals(balanceCents + cents,
                rewardsCents + (Entry.REWARD.equals(kind) ? cents : 0),
                reversalsCents + (Entry.REVERSAL.equals(kind) ? cents : 0),
                bonusesCents + (Entry.BONUS.equals(kind) ? cents : 0),
                adjustmentsCents + (Entry.ADJUSTMENT.equals(kind) ? cents : 0),
                entries + count);
    }
}
