package io.tessera.worker.ledger;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.UUID;

@Path("/api/v1/vendors")
public class VendorEarningsResource {
    private final LedgerService ledger;
    private final Caller caller;

    public VendorEarningsResource(LedgerService ledger, Caller caller) {
        this.ledger = ledger;
        this.caller = caller;
    }

    @GET
    @Path("{id}/earnings")
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR})
    public VendorEarningsView earnings(@PathParam("id") UUID id, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        return ledger.vendorEarnings(id, from, to, caller);
    }
}
