package io.tessera.worker.pay;

import io.tessera.common.error.ApiProblem;
import io.tessera.common.security.Caller;
import io.tessera.worker.Timestamps;
import io.tessera.worker.job.KnownJobs;
import io.tessera.worker.ledger.SubmissionEvent;
import io.tessera.worker.org.OrgRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Fair pay: what a job pays per hour of work, measured from the durations workers report with
 * their labels, against an optional target (per job, else per organisation). Clients see their own
 * jobs' figures; worker-service knows a job's organisation only from its events, so a job without
 * submissions yet is a 404 for reading (nothing to measure) and a client may set a target for it in
 * advance (kept with the client's organisation, counted only if the job turns out to be theirs).
 */
@ApplicationScoped
@Transactional
public class FairPay {
    private static final String RECORD = """
            INSERT INTO submission_pay (submission_id, job_id, org_id, worker_id, reward_cents, duration_ms, submitted_at)
            SELECT * FROM unnest(?::bigint[], ?::uuid[], ?::uuid[], ?::uuid[], ?::int[], ?::bigint[], ?::timestamptz[])
            ON CONFLICT (submission_id) DO NOTHING""";
    private static final String FIGURES = """
            SELECT count(*), count(*) FILTER (WHERE duration_ms > 0),
                   percentile_disc(0.5) WITHIN GROUP (ORDER BY reward_cents),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE duration_ms > 0),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY reward_cents * 3600000.0 / duration_ms)
                       FILTER (WHERE duration_ms > 0),
                   count(*) FILTER (WHERE duration_ms > 0 AND reward_cents * 3600000.0 / duration_ms < ?2)
            FROM submission_pay WHERE job_id = ?1""";

    private final EntityManager em;
    private final KnownJobs jobs;
    private final OrgRepository orgs;
    private final Clock clock;

    public FairPay(EntityManager em, KnownJobs jobs, OrgRepository orgs, Clock clock) {
        this.em = em;
        this.jobs = jobs;
        this.orgs = orgs;
        this.clock = clock;
    }

    /** From the submissions consumer, in its transaction, in one statement: once per submission id. */
    @Transactional(TxType.MANDATORY)
    public void record(List<SubmissionEvent> submissions) {
        List<SubmissionEvent> rows = submissions.stream().filter(s -> s.jobId() != null && s.workerId() != null).toList();
        if (rows.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement q = c.prepareStatement(RECORD)) {
                q.setArray(1, c.createArrayOf("bigint", rows.stream().map(SubmissionEvent::submissionId).toArray()));
                q.setArray(2, c.createArrayOf("uuid", rows.stream().map(SubmissionEvent::jobId).toArray()));
                q.setArray(3, c.createArrayOf("uuid", rows.stream().map(SubmissionEvent::orgId).toArray()));
                q.setArray(4, c.createArrayOf("uuid", rows.stream().map(SubmissionEvent::workerId).toArray()));
                q.setArray(5, c.createArrayOf("int",
                        rows.stream().map(s -> s.rewardCents() == null ? 0 : s.rewardCents()).toArray()));
                q.setArray(6, c.createArrayOf("bigint", rows.stream().map(SubmissionEvent::durationMs).toArray()));
                // ISO-8601 with its zone: read exactly by ::timestamptz[]
                q.setArray(7, c.createArrayOf("text",
                        rows.stream().map(s -> (s.submittedAt() == null ? now : s.submittedAt()).toString()).toArray()));
                q.executeUpdate();
            }
        });
    }

    /** Admins, and clients of the job's organisation; any other job is a 404. */
    @Transactional(TxType.SUPPORTS)
    public PayViews.JobPay jobPay(UUID jobId, Caller caller) {
        UUID orgId = jobs.orgOf(jobId).filter(org -> caller.is(Caller.ADMIN) || caller.org().equals(org))
                .orElseThrow(() -> ApiProblem.notFound("Job", jobId));
        Optional<Object[]> target = target(jobId, orgId);
        Integer cents = target.map(t -> ((Number) t[0]).intValue()).orElse(null);
        Object[] f = (Object[]) em.createNativeQuery(FIGURES)
                .setParameter(1, jobId)
                .setParameter(2, cents == null ? 0 : cents)
                .getSingleResult();
        long submissions = ((Number) f[0]).longValue();
        long timed = ((Number) f[1]).longValue();
        Integer reward = f[2] == null ? null : ((Number) f[2]).intValue();
        Long medianDuration = f[3] == null ? null : Math.round(((Number) f[3]).doubleValue());
        Long effective = f[4] == null ? null : (long) Math.floor(((Number) f[4]).doubleValue());
        Boolean below = null;
        Long shortfall = null;
        Double belowPercent = null;
        String warning = null;
        if (cents != null && effective != null) {
            below = effective < cents;
            shortfall = below ? cents - effective : 0L;
            belowPercent = Math.round(1000.0 * ((Number) f[5]).longValue() / timed) / 10.0;
            if (below) {
                warning = "Workers earn a median " + effective + " cents per hour on this job, " + shortfall
                        + " below the " + target.get()[1] + "'s fair-pay target of " + cents + " (median time per label "
                        + medianDuration + " ms at " + reward + " cents); raise rewardCents or simplify the task";
            }
        }
        return new PayViews.JobPay(jobId, orgId, clock.instant(), submissions, timed, reward, medianDuration, effective,
                cents, target.map(t -> (String) t[1]).orElse(null), below, shortfall, belowPercent, warning);
    }

    /** Admins and the organisation's clients (another organisation's is a 403, as for the organisation itself). */
    public PayViews.Target setOrgTarget(UUID orgId, FairPayRequest request, Caller caller) {
        checkOrg(orgId, caller);
        orgs.findByIdOptional(orgId).orElseThrow(() -> ApiProblem.notFound("Organisation", orgId));
        Instant now = Timestamps.now(clock);
        if (request.fairPayCentsPerHour() == null) {
            em.createNativeQuery("DELETE FROM org_pay_target WHERE org_id = ?1").setParameter(1, orgId).executeUpdate();
            return new PayViews.Target(orgId, null, null, now);
        }
        em.createNativeQuery("""
                INSERT INTO org_pay_target (org_id, cents_per_hour, set_by, set_at) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (org_id) DO UPDATE SET cents_per_hour = EXCLUDED.cents_per_hour, set_by = EXCLUDED.set_by,
                    set_at = EXCLUDED.set_at""")
                .setParameter(1, orgId).setParameter(2, request.fairPayCentsPerHour())
                .setParameter(3, caller.id()).setParameter(4, now).executeUpdate();
        return new PayViews.Target(orgId, null, request.fairPayCentsPerHour(), now);
    }

    @Transactional(TxType.SUPPORTS)
    public PayViews.Target orgTarget(UUID orgId, Caller caller) {
        checkOrg(orgId, caller);
        orgs.findByIdOptional(orgId).orElseThrow(() -> ApiProblem.notFound("Organisation", orgId));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT cents_per_hour, set_at FROM org_pay_target WHERE org_id = ?1")
                .setParameter(1, orgId).getResultList();
        return rows.stream().findFirst()
                .map(r -> new PayViews.Target(orgId, null, ((Number) r[0]).intValue(), instant(r[1])))
                .orElse(new PayViews.Target(orgId, null, null, null));
    }

    /**
     * A job's own target. A client: for a job known to be its organisation's, or not known yet (kept
     * with the client's organisation); another organisation's job is a 404. An admin: for a known job.
     */
    public PayViews.Target setJobTarget(UUID jobId, FairPayRequest request, Caller caller) {
        Optional<UUID> known = jobs.orgOf(jobId);
        UUID orgId;
        if (caller.is(Caller.ADMIN)) {
            orgId = known.orElseThrow(() -> ApiProblem.notFound("Job", jobId));
        } else {
            orgId = caller.org();
            if (known.isPresent() && !known.get().equals(orgId)) {
                throw ApiProblem.notFound("Job", jobId);
            }
        }
        Instant now = Timestamps.now(clock);
        if (request.fairPayCentsPerHour() == null) {
            em.createNativeQuery("DELETE FROM job_pay_target WHERE job_id = ?1 AND org_id = ?2")
                    .setParameter(1, jobId).setParameter(2, orgId).executeUpdate();
            return new PayViews.Target(orgId, jobId, null, now);
        }
        em.createNativeQuery("""
                INSERT INTO job_pay_target (job_id, org_id, cents_per_hour, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT (job_id, org_id) DO UPDATE SET cents_per_hour = EXCLUDED.cents_per_hour,
                    set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at""")
                .setParameter(1, jobId).setParameter(2, orgId).setParameter(3, request.fairPayCentsPerHour())
                .setParameter(4, caller.id()).setParameter(5, now).executeUpdate();
        return new PayViews.Target(orgId, jobId, request.fairPayCentsPerHour(), now);
    }

    /** The job's target set by its organisation, else the organisation's default: {cents, "job" | "organisation"}. */
    private Optional<Object[]> target(UUID jobId, UUID orgId) {
        @SuppressWarnings("unchecked")
        List<Object> job = em.createNativeQuery(
                "SELECT cents_per_hour FROM job_pay_target WHERE job_id = ?1 AND org_id = ?2")
                .setParameter(1, jobId).setParameter(2, orgId).getResultList();
        if (!job.isEmpty()) {
            return Optional.of(new Object[] {job.get(0), "job"});
        }
        @SuppressWarnings("unchecked")
        List<Object> org = em.createNativeQuery("SELECT cents_per_hour FROM org_pay_target WHERE org_id = ?1")
                .setParameter(1, orgId).getResultList();
        return org.stream().findFirst().map(c -> new Object[] {c, "organisation"});
    }

    private static void checkOrg(UUID orgId, Caller caller) {
        if (!caller.is(Caller.ADMIN) && !caller.org().equals(orgId)) {
            throw ApiProblem.forbidden("This organisation is not yours");
        }
    }

    private static Instant instant(Object value) {
        return value instanceof Instant i ? i
                : value instanceof OffsetDateTime o ? o.toInstant()
                : ((Timestamp) value).toInstant();
    }
}
