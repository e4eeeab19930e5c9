package io.tessera.task.item;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.UUID;

/** Uploads: a JSON array or JSON lines ({@code application/x-ndjson}); the body is read as a stream. */
@Path("/api/v1/jobs/{id}")
@RolesAllowed({Caller.CLIENT, Caller.ADMIN})
@Consumes({MediaType.APPLICATION_JSON, "application/x-ndjson", "application/jsonl", MediaType.TEXT_PLAIN})
public class ItemResource {
    private final ItemService items;

    public ItemResource(ItemService items) {
        this.items = items;
    }

    @POST
    @Path("items")
    public Response addItems(@PathParam("id") UUID jobId, InputStream body) {
        return Response.status(Response.Status.CREATED).entity(items.add(jobId, body, false)).build();
    }

    @POST
    @Path("gold")
    public Response addGold(@PathParam("id") UUID jobId, InputStream body) {
        return Response.status(Response.Status.CREATED).entity(items.add(jobId, body, true)).build();
    }
}
