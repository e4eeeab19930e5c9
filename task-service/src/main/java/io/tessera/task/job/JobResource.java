package io.tessera.task.job;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/jobs")
@RolesAllowed({Caller.CLIENT, Caller.ADMIN})
public class JobResource {
    private final JobService jobs;
    private final Caller caller;

    public JobResource(JobService jobs, Caller caller) {
        this.jobs = jobs;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Caller.CLIENT)
    public Response create(@Valid @NotNull CreateJobRequest request, UriInfo uri) {
        JobView job = jobs.create(caller.org(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(job.id().toString()).build()).entity(job).build();
    }

    @GET
    @RolesAllowed(Caller.CLIENT)
    public List<JobView> list() {
        return jobs.listForOrg(caller.org());
    }

    @GET
    @Path("{id}")
    public JobView get(@PathParam("id") UUID id) {
        return jobs.get(id);
    }

    @POST
    @Path("{id}/start")
    public JobView start(@PathParam("id") UUID id) {
        return jobs.start(id);
    }

    @POST
    @Path("{id}/pause")
    public JobView pause(@PathParam("id") UUID id) {
        return jobs.pause(id);
    }

    @POST
    @Path("{id}/cancel")
    public JobView cancel(@PathParam("id") UUID id) {
        return jobs.cancel(id);
    }
}
