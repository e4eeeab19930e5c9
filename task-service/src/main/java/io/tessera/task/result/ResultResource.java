package io.tessera.task.result;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

@Path("/api/v1/jobs/{id}/results")
@RolesAllowed({Caller.CLIENT, Caller.ADMIN})
public class ResultResource {
    private final ResultService results;

    public ResultResource(ResultService results) {
        this.results = results;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, "application/x-ndjson", "text/csv"})
    public Response results(@PathParam("id") UUID jobId, HttpHeaders headers) {
        ResultFormat format = ResultFormat.negotiate(headers.getAcceptableMediaTypes());
        return Response.ok(results.results(jobId, format), format.mediaType()).build();
    }
}
