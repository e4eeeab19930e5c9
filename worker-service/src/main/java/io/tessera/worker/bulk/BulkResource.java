package io.tessera.worker.bulk;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.UUID;

/**
 * A vendor's workers in batches: CSV ({@code text/csv}, a header line naming the columns) or JSON
 * (an array of objects); the content type decides. All or nothing.
 */
@Path("/api/v1/vendors/{id}/workers")
@RolesAllowed({Caller.ADMIN, Caller.VENDOR})
@Consumes({MediaType.APPLICATION_JSON, "text/csv"})
public class BulkResource {
    private final BulkWorkers bulk;
    private final Caller caller;

    public BulkResource(BulkWorkers bulk, Caller caller) {
        this.bulk = bulk;
        this.caller = caller;
    }

    /**
     * 201 with every worker; carries the one-time sign-up codes, so nothing between may store it. As
     * CSV with {@code Accept: text/csv} (to print the codes), else JSON.
     */
    @POST
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response create(@PathParam("id") UUID vendorId, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            @HeaderParam(HttpHeaders.ACCEPT) String accept, InputStream body) {
        BulkViews.Created created = bulk.create(vendorId, body, csv(type), caller);
        Response.ResponseBuilder answer = csv(accept)
                ? Response.status(Response.Status.CREATED).entity(created.csv()).type("text/csv; charset=UTF-8")
                : Response.status(Response.Status.CREATED).entity(created).type(MediaType.APPLICATION_JSON);
        return answer.header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("deactivate")
    public BulkViews.StatusChanged deactivate(@PathParam("id") UUID vendorId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, InputStream body) {
        return bulk.setActive(vendorId, body, csv(type), false, caller);
    }

    @POST
    @Path("activate")
    public BulkViews.StatusChanged activate(@PathParam("id") UUID vendorId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, InputStream body) {
        return bulk.setActive(vendorId, body, csv(type), true, caller);
    }

    private static boolean csv(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv");
    }
}
