package io.tessera.worker.ledger;

import java.time.Instant;
import java.util.List;

/**
 * The payout export: one CSV line (RFC 4180) per worker and vendor with entries booked in the
 * period. Free-text cells that a spreadsheet would run as a formula (starting with = + - @ or a
 * control character) get a leading apostrophe.
 */
final class PayoutCsv {
    static final String HEADER = "from,to,worker_id,username,display_name,vendor_id,vendor_name,rewards_cents,"
            + "reversals_cents,bonuses_cents,adjustments_cents,net_cents";

    private PayoutCsv() {
    }

    static String write(Instant from, Instant to, List<Ledger.PayoutRow> rows) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (Ledger.PayoutRow r : rows) {
            Totals t = r.totals();
            out.append(from).append(',').append(to).append(',')
                    .append(r.workerId()).append(',')
                    .append(text(r.username())).append(',')
                    .append(text(r.displayName())).append(',')
                    .append(r.vendorId() == null ? "" : r.vendorId()).append(',')
                    .append(text(r.vendorName())).append(',')
                    .append(t.rewardsCents()).append(',')
                    .append(t.reversalsCents()).append(',')
                    .append(t.bonusesCents()).append(',')
                    .append(t.adjustmentsCents()).append(',')
                    .append(t.balanceCents()).append("\r\n");
        }
        return out.toString();
    }

    static String text(String value) {
        return io.tessera.worker.CsvCells.text(value);
    }
}
