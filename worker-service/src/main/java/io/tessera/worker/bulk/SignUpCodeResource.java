package io.tessera.worker.bulk;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** A new one-time sign-up code for a worker who lost theirs or forgot their password. */
@Path("/api/v1/workers")
public class SignUpCodeResource {
    private final BulkWorkers bulk;
    private final Caller caller;

    public SignUpCodeResource(BulkWorkers bulk, Caller caller) {
        this.bulk = bulk;
        this.caller = caller;
    }

    @POST
    @Path("{id}/sign-up-code")
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR})
    public Response reissue(@PathParam("id") UUID workerId) {
        return Response.status(Response.Status.CREATED).entity(bulk.reissue(workerId, caller))
                .header("Cache-Control", "no-store").build();
    }
}
