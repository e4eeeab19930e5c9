package io.tessera.worker.skill;

import io.tessera.common.security.Caller;
import io.tessera.worker.profile.ProfileService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** A worker's skills: read by whoever sees the worker, set and removed by admins. */
@Path("/api/v1/workers")
public class SkillResource {
    private final Skills skills;
    private final ProfileService profiles;
    private final Caller caller;

    public SkillResource(Skills skills, ProfileService profiles, Caller caller) {
        this.skills = skills;
        this.profiles = profiles;
        this.caller = caller;
    }

    @GET
    @Path("{id}/skills")
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR, Caller.WORKER})
    public List<SkillView> list(@PathParam("id") UUID workerId) {
        return profiles.profile(workerId, caller).skills();
    }

    @PUT
    @Path("{id}/skills/{name}")
    @RolesAllowed(Caller.ADMIN)
    public SkillView set(@PathParam("id") UUID workerId, @PathParam("name") String name,
            @Valid @NotNull SetSkillRequest request) {
        return skills.set(workerId, name, request, caller);
    }

    @DELETE
    @Path("{id}/skills/{name}")
    @RolesAllowed(Caller.ADMIN)
    public Response remove(@PathParam("id") UUID workerId, @PathParam("name") String name) {
        skills.remove(workerId, name);
        return Response.noContent().build();
    }
}
