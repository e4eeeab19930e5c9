package io.tessera.worker.qualification;

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

@Path("/api/v1/qualifications")
public class QualificationResource {
    private final QualificationService qualifications;
    private final Caller caller;

    public QualificationResource(QualificationService qualifications, Caller caller) {
        this.qualifications = qualifications;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Caller.ADMIN, Caller.CLIENT})
    public Response define(@Valid @NotNull CreateQualificationRequest request, UriInfo uri) {
        QualificationView q = qualifications.define(request, caller);
        return Response.created(uri.getAbsolutePathBuilder().path(q.id().toString()).build()).entity(q).build();
    }

    /** Every qualification, by name: workers see which exams they can take, clients which names jobs can require. */
    @GET
    @RolesAllowed({Caller.ADMIN, Caller.CLIENT, Caller.VENDOR, Caller.WORKER})
    public List<QualificationView> list() {
        return qualifications.list();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Caller.ADMIN, Caller.CLIENT, Caller.VENDOR, Caller.WORKER})
    public QualificationView get(@PathParam("id") UUID id) {
        return qualifications.get(id);
    }
}
