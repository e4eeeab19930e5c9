package io.tessera.worker.ledger;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;

/** A worker's earnings and entries; client bonuses and admin adjustments. */
@Path("/api/v1/workers")
public class EarningsResource {
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";

    private final LedgerService ledger;
    private final Caller caller;

    public EarningsResource(LedgerService ledger, Caller caller) {
        this.ledger = ledger;
        this.caller = caller;
    }

    @GET
    @Path("me/earnings")
    @RolesAllowed(Caller.WORKER)
    public EarningsView myEarnings(@QueryParam("from") String from, @QueryParam("to") String to) {
        return ledger.earnings(caller.id(), from, to, caller);
    }

    @GET
    @Path("me/earnings/entries")
    @RolesAllowed(Caller.WORKER)
    public List<Entry> myEntries(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") Integer limit) {
        return ledger.entries(caller.id(), from, to, limit, caller);
    }

    @GET
    @Path("{id}/earnings")
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR, Caller.WORKER})
    public EarningsView earnings(@PathParam("id") UUID id, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        return ledger.earnings(id, from, to, caller);
    }

    @GET
    @Path("{id}/earnings/entries")
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR, Caller.WORKER})
    public List<Entry> entries(@PathParam("id") UUID id, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") Integer limit) {
        return ledger.entries(id, from, to, limit, caller);
    }

    @GET
    @Path("{id}/earnings/entries/{entryId}")
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR, Caller.WORKER})
    public Entry entry(@PathParam("id") UUID id, @PathParam("entryId") long entryId) {
        return ledger.entry(id, entryId, caller);
    }

    @POST
    @Path("{id}/bonuses")
    @RolesAllowed(Caller.CLIENT)
    public Response bonus(@PathParam("id") UUID id, @Valid @NotNull BonusRequest request,
            @HeaderParam(IDEMPOTENCY_KEY) @Size(max = 200) String idempotencyKey, UriInfo uri) {
        return created(ledger.bonus(id, request, idempotencyKey, caller), id, uri);
    }

    @POST
    @Path("{id}/adjustments")
    @RolesAllowed(Caller.ADMIN)
    public Response adjust(@PathParam("id") UUID id, @Valid @NotNull AdjustmentRequest request,
            @HeaderParam(IDEMPOTENCY_KEY) @Size(max = 200) String idempotencyKey, UriInfo uri) {
        return created(ledger.adjust(id, request, idempotencyKey, caller), id, uri);
    }

    private static Response created(Ledger.Booked booked, UUID workerId, UriInfo uri) {
        Response.ResponseBuilder response = Response.created(uri.getBaseUriBuilder()
                        .path("api/v1/workers/{id}/earnings/entries/{entryId}")
                        .build(workerId, booked.entry().id()))
                .entity(booked.entry());
        if (booked.replayed()) {
            response.header(REPLAYED, "true");
        }
        return response.build();
    }
}
