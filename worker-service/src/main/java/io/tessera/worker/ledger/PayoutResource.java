package io.tessera.worker.ledger;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

@Path("/api/v1/payouts")
public class PayoutResource {
    public static final String CSV = "text/csv";

    private final LedgerService ledger;

    public PayoutResource(LedgerService ledger) {
        this.ledger = ledger;
    }

    /** The payout CSV of entries booked in [from, to): dates (UTC midnight) or instants. */
    @GET
    @Produces(CSV)
    @RolesAllowed(Caller.ADMIN)
    public Response export(@QueryParam("from") String from, @QueryParam("to") String to) {
        String csv = ledger.payouts(from, to);
        return Response.ok(csv, CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"payouts.csv\"")
                .header("Cache-Control", "no-store")
                .build();
    }
}
