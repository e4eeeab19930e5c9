package io.tessera.worker.org;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/orgs")
public class OrgResource {
    private final OrgService orgs;
    private final Caller caller;

    public OrgResource(OrgService orgs, Caller caller) {
        this.orgs = orgs;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Caller.ADMIN)
    public Response create(@Valid @NotNull CreateOrgRequest request, UriInfo uri) {
        OrgView org = orgs.create(request);
        return Response.created(uri.getAbsolutePathBuilder().path(org.id().toString()).build()).entity(org).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Caller.ADMIN, Caller.CLIENT})
    public OrgView get(@PathParam("id") UUID id) {
        return orgs.get(id, caller);
    }

    @POST
    @Path("{id}/api-keys")
    @RolesAllowed(Caller.ADMIN)
    public Response createKey(@PathParam("id") UUID id, @Valid CreateApiKeyRequest request, UriInfo uri) {
        IssuedApiKey key = orgs.createKey(id, request);
        return Response.created(uri.getAbsolutePathBuilder().path(key.id().toString()).build())
                .header("Cache-Control", "no-store")
                .entity(key)
                .build();
    }

    @GET
    @Path("{id}/api-keys")
    @RolesAllowed({Caller.ADMIN, Caller.CLIENT})
    public List<ApiKeyView> listKeys(@PathParam("id") UUID id) {
        return orgs.listKeys(id, caller);
    }

    @GET
    @Path("{id}/api-keys/{keyId}")
    @RolesAllowed({Caller.ADMIN, Caller.CLIENT})
    public ApiKeyView getKey(@PathParam("id") UUID id, @PathParam("keyId") UUID keyId) {
        return orgs.getKey(id, keyId, caller);
    }

    @DELETE
    @Path("{id}/api-keys/{keyId}")
    @RolesAllowed({Caller.ADMIN, Caller.CLIENT})
    public Response revokeKey(@PathParam("id") UUID id, @PathParam("keyId") UUID keyId) {
        orgs.revokeKey(id, keyId, caller);
        return Response.noContent().build();
    }
}
