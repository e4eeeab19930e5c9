package io.tessera.task.claim;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;

/** Live leases of a vendor's floor, for its dashboard (docs/task-service.md). */
@Path("/api/v1/vendors/{id}/leases")
@RolesAllowed({Caller.ADMIN, Caller.VENDOR})
public class LeaseBoardResource {
    private final LeaseBoard board;

    public LeaseBoardResource(LeaseBoard board) {
        this.board = board;
    }

    @GET
    public LeaseBoard.Board vendor(@PathParam("id") UUID vendorId) {
        return board.forVendor(vendorId);
    }
}
