package io.tessera.worker.team;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;

/** A vendor's teams, for admins and the vendor's managers. */
@Path("/api/v1/vendors/{id}/teams")
@RolesAllowed({Caller.ADMIN, Caller.VENDOR})
public class TeamResource {
    private final TeamService teams;
    private final Caller caller;

    public TeamResource(TeamService teams, Caller caller) {
        this.teams = teams;
        this.caller = caller;
    }

    @POST
    public Response create(@PathParam("id") UUID vendorId, @Valid @NotNull TeamRequests.Name request, UriInfo uri) {
        TeamViews.Detail team = teams.create(vendorId, request, caller);
        return Response.created(uri.getAbsolutePathBuilder().path(team.id().toString()).build()).entity(team).build();
    }

    @GET
    public List<TeamViews.Summary> list(@PathParam("id") UUID vendorId) {
        return teams.list(vendorId, caller);
    }

    @GET
    @Path("{teamId}")
    public TeamViews.Detail get(@PathParam("id") UUID vendorId, @PathParam("teamId") UUID teamId) {
        return teams.get(vendorId, teamId, caller);
    }

    @PUT
    @Path("{teamId}")
    public TeamViews.Detail rename(@PathParam("id") UUID vendorId, @PathParam("teamId") UUID teamId,
            @Valid @NotNull TeamRequests.Name request) {
        return teams.rename(vendorId, teamId, request, caller);
    }

    @DELETE
    @Path("{teamId}")
    public Response delete(@PathParam("id") UUID vendorId, @PathParam("teamId") UUID teamId) {
        teams.delete(vendorId, teamId, caller);
        return Response.noContent().build();
    }

    @POST
    @Path("{teamId}/members")
    public TeamViews.Detail addMembers(@PathParam("id") UUID vendorId, @PathParam("teamId") UUID teamId,
            @Valid @NotNull TeamRequests.Members request) {
        return teams.addMembers(vendorId, teamId, request, caller);
    }

    @DELETE
    @Path("{teamId}/members/{workerId}")
    public Response removeMember(@PathParam("id") UUID vendorId, @PathParam("teamId") UUID teamId,
            @PathParam("workerId") UUID workerId) {
        teams.removeMember(vendorId, teamId, workerId, caller);
        return Response.noContent().build();
    }
}
