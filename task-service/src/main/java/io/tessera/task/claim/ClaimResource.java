package io.tessera.task.claim;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

@Path("/api/v1")
@RolesAllowed(Caller.WORKER)
public class ClaimResource {
    private final ClaimService claims;
    private final LeaseService leases;
    private final Caller caller;

    public ClaimResource(ClaimService claims, LeaseService leases, Caller caller) {
        this.claims = claims;
        this.leases = leases;
        this.caller = caller;
    }

    /** 200 with the leased tasks, or 204 when there is nothing for this worker now. */
    @POST
    @Path("claims")
    public Response claim(@Valid ClaimRequest request) {
        List<AssignmentView> claimed = claims.claim(caller.id(), caller.vendor(), request == null ? new ClaimRequest(null, null) : request);
        return claimed.isEmpty() ? Response.noContent().build() : Response.ok(claimed).build();
    }

    /** Extends the lease by the job's lease length from now: 200 with the new {@code leaseExpiresAt}. */
    @POST
    @Path("assignments/{id}/heartbeat")
    public LeaseView heartbeat(@PathParam("id") UUID assignmentId) {
        return new LeaseView(assignmentId, leases.heartbeat(caller.id(), assignmentId));
    }

    public record LeaseView(UUID assignmentId, java.time.Instant leaseExpiresAt) {
    }

    /** Skip: the slot goes back to the pool at once, and this worker will not get the item again. */
    @POST
    @Path("assignments/{id}/release")
    public Response release(@PathParam("id") UUID assignmentId) {
        leases.release(caller.id(), assignmentId);
        return Response.noContent().build();
    }
}
