package io.tessera.task.claim;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;

/**
 * Live leases of a job, per worker, for the client's dashboard. Its own class: JAX-RS picks the
 * resource class by the longest matching class path first, so a method under a {@code /api/v1}
 * class could never answer below {@code /api/v1/jobs}.
 */
@Path("/api/v1/jobs/{id}/leases")
@RolesAllowed({Caller.ADMIN, Caller.CLIENT})
public class JobLeaseResource {
    private final LeaseBoard board;

    public JobLeaseResource(LeaseBoard board) {
        this.board = board;
    }

    @GET
    public LeaseBoard.Board job(@PathParam("id") UUID jobId) {
        return board.forJob(jobId);
    }
}
