package io.tessera.quality.job;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.tessera.common.error.ApiProblem;
import io.tessera.common.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class KnownJobRepository implements PanacheRepositoryBase<KnownJob, UUID> {
    /**
     * The job if the caller is an admin or a client of its organisation; otherwise 404, as in
     * task-service. A job nobody has labeled yet is unknown here and also a 404.
     */
    public KnownJob readableBy(Caller caller, UUID jobId) {
        KnownJob job = findById(jobId);
        if (job == null || !(caller.is(Caller.ADMIN) || caller.is(Caller.CLIENT) && caller.org().equals(job.orgId))) {
            throw ApiProblem.notFound("job", jobId);
        }
        return job;
    }
}
