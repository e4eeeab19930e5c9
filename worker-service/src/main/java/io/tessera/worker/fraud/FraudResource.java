package io.tessera.worker.fraud;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/fraud-signals")
public class FraudResource {
    private final FraudService fraud;
    private final Caller caller;

    public FraudResource(FraudService fraud, Caller caller) {
        this.fraud = fraud;
        this.caller = caller;
    }

    /** {@code ?workerId=&kind=&since=&limit=}; a vendor manager sees their own vendor's workers only. */
    @GET
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR})
    public List<SignalView> list(@QueryParam("workerId") UUID workerId, @QueryParam("kind") String kind,
            @QueryParam("since") String since, @QueryParam("limit") Integer limit) {
        return fraud.list(workerId, kind, since, limit, caller);
    }
}
