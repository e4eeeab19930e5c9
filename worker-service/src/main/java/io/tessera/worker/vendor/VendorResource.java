package io.tessera.worker.vendor;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

@Path("/api/v1/vendors")
public class VendorResource {
    private final VendorService vendors;
    private final Caller caller;

    public VendorResource(VendorService vendors, Caller caller) {
        this.vendors = vendors;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Caller.ADMIN)
    public Response create(@Valid @NotNull CreateVendorRequest request, UriInfo uri) {
        VendorView vendor = vendors.create(request);
        return Response.created(uri.getAbsolutePathBuilder().path(vendor.id().toString()).build())
                .entity(vendor)
                .build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR})
    public VendorView get(@PathParam("id") UUID id) {
        return vendors.get(id, caller);
    }

    @PUT
    @Path("{id}/networks")
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR})
    public VendorView setNetworks(@PathParam("id") UUID id, @Valid @NotNull NetworksRequest request) {
        return vendors.setNetworks(id, request, caller);
    }

    @POST
    @Path("{id}/managers")
    @RolesAllowed(Caller.ADMIN)
    public Response createManager(@PathParam("id") UUID id, @Valid @NotNull CreateManagerRequest request,
            UriInfo uri) {
        ManagerView manager = vendors.createManager(id, request);
        return Response.created(uri.getAbsolutePathBuilder().path(manager.id().toString()).build())
                .entity(manager)
                .build();
    }

    @GET
    @Path("{id}/managers/{managerId}")
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR})
    public ManagerView getManager(@PathParam("id") UUID id, @PathParam("managerId") UUID managerId) {
        return vendors.getManager(id, managerId, caller);
    }
}
