package io.tessera.worker.fraud;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.UUID;

/** One worker's fraud signals; the same as {@code /api/v1/fraud-signals?workerId=}. */
@Path("/api/v1/workers")
public class WorkerFraudResource {
    private final FraudService fraud;
    private final Caller caller;

    public WorkerFraudResource(FraudService fraud, Caller caller) {
        this.fraud = fraud;
        this.caller = caller;
    }

    @GET
    @Path("{id}/fraud-signals")
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR})
    public List<SignalView> forWorker(@PathParam("id") UUID id, @QueryParam("kind") String kind,
            @QueryParam("since") String since, @QueryParam("limit") Integer limit) {
        return fraud.list(id, kind, since, limit, caller);
    }
}
