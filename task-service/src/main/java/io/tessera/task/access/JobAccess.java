package io.tessera.task.access;

import io.tessera.common.error.ApiProblem;
import io.tessera.common.security.Caller;
import io.tessera.task.job.Job;
import io.tessera.task.job.JobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Tenant isolation for jobs: a client sees only its organisation's jobs, and another
 * organisation's job is reported as not found (404), never as forbidden, so ids leak nothing.
 */
@ApplicationScoped
public class JobAccess {
    private final JobRepository jobs;
    private final Caller caller;

    public JobAccess(JobRepository jobs, Caller caller) {
        this.jobs = jobs;
        this.caller = caller;
    }

    /** The job, if the caller is an admin or a client of the owning organisation. */
    public Job owned(UUID jobId) {
        Job job = jobs.findById(jobId);
        if (job == null || !(caller.is(Caller.ADMIN) || caller.is(Caller.CLIENT) && caller.org().equals(job.orgId))) {
            throw ApiProblem.notFound("job", jobId);
        }
        return job;
    }

    /** Like {@link #owned(UUID)} but takes a row lock, for state changes and uploads. */
    public Job ownedForUpdate(UUID jobId) {
        Job job = owned(jobId);
        jobs.getEntityManager().lock(job, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        return job;
    }
}
