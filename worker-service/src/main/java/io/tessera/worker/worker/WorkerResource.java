package io.tessera.worker.worker;

import io.tessera.common.security.Caller;
import io.tessera.worker.profile.ProfileService;
import io.tessera.worker.profile.ProfileView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

@Path("/api/v1/workers")
public class WorkerResource {
    private final WorkerService workers;
    private final ProfileService profiles;
    private final Caller caller;

    public WorkerResource(WorkerService workers, ProfileService profiles, Caller caller) {
        this.workers = workers;
        this.profiles = profiles;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR})
    public Response create(@Valid @NotNull CreateWorkerRequest request, UriInfo uri) {
        WorkerView worker = workers.create(request, caller);
        return Response.created(uri.getAbsolutePathBuilder().path(worker.id().toString()).build())
                .entity(worker)
                .build();
    }

    @GET
    @Path("me")
    @RolesAllowed(Caller.WORKER)
    public ProfileView me() {
        return profiles.me(caller);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR, Caller.WORKER})
    public ProfileView get(@PathParam("id") UUID id) {
        return profiles.profile(id, caller);
    }

    @PATCH
    @Path("me")
    @RolesAllowed(Caller.WORKER)
    public WorkerView updateMe(@Valid @NotNull UpdateProfileRequest request) {
        return workers.update(caller.id(), request, caller);
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR})
    public WorkerView update(@PathParam("id") UUID id, @Valid @NotNull UpdateProfileRequest request) {
        return workers.update(id, request, caller);
    }

    @POST
    @Path("{id}/deactivate")
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR})
    public WorkerView deactivate(@PathParam("id") UUID id) {
        return workers.setActive(id, false, caller);
    }

    @POST
    @Path("{id}/activate")
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR})
    public WorkerView activate(@PathParam("id") UUID id) {
        return workers.setActive(id, true, caller);
    }

    @PUT
    @Path("{id}/vendor")
    @RolesAllowed(Caller.ADMIN)
    public WorkerView changeVendor(@PathParam("id") UUID id, @Valid @NotNull ChangeVendorRequest request) {
        return workers.changeVendor(id, request);
    }
}
