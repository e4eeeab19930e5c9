package io.tessera.quality.report;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;

@Path("/api/v1")
public class QualityResource {
    private final QualityReports reports;

    public QualityResource(QualityReports reports) {
        this.reports = reports;
    }

    @GET
    @Path("jobs/{id}/quality")
    @RolesAllowed({Caller.CLIENT, Caller.ADMIN})
    public JobQuality job(@PathParam("id") UUID jobId) {
        return reports.job(jobId);
    }

    @GET
    @Path("workers/{id}/scores")
    @RolesAllowed({Caller.WORKER, Caller.CLIENT, Caller.ADMIN})
    public WorkerScores worker(@PathParam("id") UUID workerId) {
        return reports.worker(workerId);
    }
}
