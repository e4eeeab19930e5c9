package io.tessera.worker.pay;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;

/** A job's pay per hour for its client, and the job's fair-pay target. */
@Path("/api/v1/jobs")
@RolesAllowed({Caller.ADMIN, Caller.CLIENT})
public class JobPayResource {
    private final FairPay pay;
    private final Caller caller;

    public JobPayResource(FairPay pay, Caller caller) {
        this.pay = pay;
        this.caller = caller;
    }

    @GET
    @Path("{id}/pay")
    public PayViews.JobPay pay(@PathParam("id") UUID jobId) {
        return pay.jobPay(jobId, caller);
    }

    @PUT
    @Path("{id}/fair-pay")
    public PayViews.Target setTarget(@PathParam("id") UUID jobId, @Valid @NotNull FairPayRequest request) {
        return pay.setJobTarget(jobId, request, caller);
    }
}
