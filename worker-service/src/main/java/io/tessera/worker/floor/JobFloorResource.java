package io.tessera.worker.floor;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;

/** The workers of one of a client's jobs, for the client. */
@Path("/api/v1/orgs")
public class JobFloorResource {
    private final FloorService floor;
    private final Caller caller;

    public JobFloorResource(FloorService floor, Caller caller) {
        this.floor = floor;
        this.caller = caller;
    }

    @GET
    @Path("{id}/jobs/{jobId}/workers")
    @RolesAllowed({Caller.ADMIN, Caller.CLIENT})
    public FloorViews.JobFloor job(@PathParam("id") UUID id, @PathParam("jobId") UUID jobId) {
        return floor.job(id, jobId, caller);
    }
}
