package io.tessera.worker.floor;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.UUID;

/** The floor dashboard of a vendor, for its managers. */
@Path("/api/v1/vendors")
public class FloorResource {
    private final FloorService floor;
    private final Caller caller;

    public FloorResource(FloorService floor, Caller caller) {
        this.floor = floor;
        this.caller = caller;
    }

    @GET
    @Path("{id}/floor")
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR})
    public FloorViews.VendorFloor vendor(@PathParam("id") UUID id, @QueryParam("teamId") UUID teamId) {
        return floor.vendor(id, teamId, caller);
    }
}
