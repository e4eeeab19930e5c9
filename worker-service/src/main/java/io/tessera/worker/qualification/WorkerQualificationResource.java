package io.tessera.worker.qualification;

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

/** A worker's qualifications (certificates) and exam standing; grants and revocations by admins. */
@Path("/api/v1/workers")
public class WorkerQualificationResource {
    private final QualificationService qualifications;
    private final Caller caller;

    public WorkerQualificationResource(QualificationService qualifications, Caller caller) {
        this.qualifications = qualifications;
        this.caller = caller;
    }

    @GET
    @Path("me/qualifications")
    @RolesAllowed(Caller.WORKER)
    public List<CertificateView> myCertificates() {
        return qualifications.certificates(caller.id(), caller);
    }

    @GET
    @Path("me/exams")
    @RolesAllowed(Caller.WORKER)
    public List<ExamStatusView> myExams() {
        return qualifications.exams(caller.id(), caller);
    }

    @GET
    @Path("{id}/qualifications")
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR, Caller.WORKER})
    public List<CertificateView> certificates(@PathParam("id") UUID id) {
        return qualifications.certificates(id, caller);
    }

    @GET
    @Path("{id}/exams")
    @RolesAllowed({Caller.ADMIN, Caller.VENDOR, Caller.WORKER})
    public List<ExamStatusView> exams(@PathParam("id") UUID id) {
        return qualifications.exams(id, caller);
    }

    /** 201 + Location when granted now; 200 with the existing certificate when the worker holds it already. */
    @POST
    @Path("{id}/qualifications")
    @RolesAllowed(Caller.ADMIN)
    public Response grant(@PathParam("id") UUID id, @Valid @NotNull GrantRequest request, UriInfo uri) {
        QualificationService.Granted granted = qualifications.grant(id, request, caller);
        if (!granted.created()) {
            return Response.ok(granted.certificate()).build();
        }
        return Response.created(uri.getAbsolutePathBuilder().path(request.qualificationId().toString()).build())
                .entity(granted.certificate())
                .build();
    }

    @DELETE
    @Path("{id}/qualifications/{qualificationId}")
    @RolesAllowed(Caller.ADMIN)
    public Response revoke(@PathParam("id") UUID id, @PathParam("qualificationId") UUID qualificationId) {
        qualifications.revoke(id, qualificationId, caller);
        return Response.noContent().build();
    }
}
