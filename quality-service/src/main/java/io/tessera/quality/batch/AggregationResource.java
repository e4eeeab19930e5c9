package io.tessera.quality.batch;

import io.tessera.common.security.Caller;
import io.tessera.quality.job.KnownJobRepository;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

@Path("/api/v1/jobs/{id}/aggregations")
@RolesAllowed({Caller.CLIENT, Caller.ADMIN})
public class AggregationResource {
    private final BatchMerges merges;
    private final KnownJobRepository jobs;
    private final Caller caller;

    public AggregationResource(BatchMerges merges, KnownJobRepository jobs, Caller caller) {
        this.merges = merges;
        this.jobs = jobs;
        this.caller = caller;
    }

    /**
     * Runs a batch merge now: 201 with its result (per item label and confidence, per worker skill). Not in a
     * transaction: the merge takes its own (it publishes in chunks).
     */
    @POST
    public Response run(@PathParam("id") UUID jobId, AggregationRequest request) {
        AggregationRun run = merges.run(jobs.readableBy(caller, jobId), request);
        return Response.status(Response.Status.CREATED).entity(run).build();
    }
}
