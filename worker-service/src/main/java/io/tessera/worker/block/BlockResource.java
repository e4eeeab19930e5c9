package io.tessera.worker.block;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/workers/{workerId}/blocks")
@RolesAllowed({Caller.ADMIN, Caller.VENDOR, Caller.CLIENT})
public class BlockResource {
    private final BlockService blocks;
    private final Caller caller;

    public BlockResource(BlockService blocks, Caller caller) {
        this.blocks = blocks;
        this.caller = caller;
    }

    @POST
    public Response create(@PathParam("workerId") UUID workerId, @Valid @NotNull CreateBlockRequest request,
            UriInfo uri) {
        BlockView block = blocks.create(workerId, request, caller);
        return Response.created(uri.getAbsolutePathBuilder().path(block.id().toString()).build())
                .entity(block)
                .build();
    }

    /** {@code active=true} only blocks in force now, {@code false} only lifted or ended ones; absent: all. */
    @GET
    public List<BlockView> list(@PathParam("workerId") UUID workerId, @QueryParam("active") Boolean active) {
        return blocks.list(workerId, active, caller);
    }

    @GET
    @Path("{blockId}")
    public BlockView get(@PathParam("workerId") UUID workerId, @PathParam("blockId") UUID blockId) {
        return blocks.get(workerId, blockId, caller);
    }

    @DELETE
    @Path("{blockId}")
    public Response lift(@PathParam("workerId") UUID workerId, @PathParam("blockId") UUID blockId) {
        blocks.lift(workerId, blockId, caller);
        return Response.noContent().build();
    }
}
