package io.tessera.task.job;

import io.tessera.common.error.ApiProblem;
import io.tessera.common.error.FieldError;
import io.tessera.common.quality.BatchAlgorithms;
import io.tessera.task.access.JobAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

@ApplicationScoped
@Transactional
public class JobService {
    private static final String PROGRESS = """
            SELECT count(*) FILTER (WHERE NOT gold),
                   count(*) FILTER (WHERE NOT gold AND resolved),
                   count(*) FILTER (WHERE gold),
                   (SELECT count(*) FROM submission s JOIN item g ON g.id = s.item_id WHERE s.job_id = ? AND NOT g.gold),
                   (SELECT count(*) FROM submission s JOIN item g ON g.id = s.item_id WHERE s.job_id = ? AND g.gold),
                   (SELECT count(*) FROM assignment a WHERE a.job_id = ? AND a.state = 'leased' AND a.lease_until > ?)
            FROM item WHERE job_id = ?""";
    /**
     * Ends every lease and drops the slots nobody will fill: left behind, a cancelled job's open slots
     * would stay in the open-slot index that every claim walks, and in every vacuum of it.
     */
    private static final String END_WORK = """
            WITH released AS (
                UPDATE assignment SET state = 'released' WHERE job_id = ? AND state = 'leased' RETURNING id),
            leased_slots AS (
                DELETE FROM task_slot WHERE assignment_id IN (SELECT id FROM released) AND state = 'leased')
            DELETE FROM task_slot WHERE job_id = ? AND state = 'open'""";

    private final JobRepository jobs;
    private final JobAccess access;
    private final DataSource dataSource;
    private final Clock clock;

    public JobService(JobRepository jobs, JobAccess access, DataSource dataSource, Clock clock) {
        this.jobs = jobs;
        this.access = access;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public JobView create(UUID orgId, CreateJobRequest request) {
        List<FieldError> errors = new ArrayList<>(request.schema().problems());
        Purpose purpose = request.purpose() == null ? Purpose.LABELING : Purpose.of(request.purpose());
        if (purpose == null) {
            errors.add(new FieldError("purpose", "must be one of labeling, exam, training"));
            purpose = Purpose.LABELING;
        }
        errors.addAll(purpose.goldOnly() ? goldOnlyProblems(purpose, request) : labelingProblems(request));
        errors.addAll(batchAlgorithmProblems(request));
        int overlap = purpose.goldOnly() || request.overlap() == null ? 1 : request.overlap();
        int maxOverlap = request.maxOverlap() == null ? overlap : request.maxOverlap();
        if (maxOverlap < overlap) {
            errors.add(new FieldError("maxOverlap", "must be at least overlap (" + overlap + ")"));
        }
        Schedule schedule = request.schedule() == null ? Schedule.DEPTH_FIRST : Schedule.of(request.schedule());
        if (schedule == null) {
            errors.add(new FieldError("schedule", "must be one of depth-first, breadth-first, random"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.badRequest("The job has " + errors.size() + " invalid field(s)", errors);
        }
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.orgId = orgId;
        job.name = request.name().strip();
        job.instructions = request.instructions() == null ? "" : request.instructions();
        job.schema = request.schema();
        job.overlap = overlap;
        job.maxOverlap = maxOverlap;
        job.goldRate = request.goldRate() == null ? 0.0 : request.goldRate();
        job.leaseSeconds = request.leaseSeconds() == null ? CreateJobRequest.DEFAULT_LEASE_SECONDS : request.leaseSeconds();
        job.rewardCents = request.rewardCents() == null ? 0 : request.rewardCents();
        job.priority = request.priority() == null ? 0 : request.priority();
        job.schedule = schedule;
        job.requiredQualifications = request.requiredQualifications() == null ? new String[0]
                : request.requiredQualifications().stream().map(String::strip).distinct().toArray(String[]::new);
        job.allowedVendors = request.allowedVendors() == null ? new UUID[0]
                : request.allowedVendors().stream().distinct().toArray(UUID[]::new);
        job.maxLabelsPerWorker = request.maxLabelsPerWorker();
        job.allowLateSubmit = Boolean.TRUE.equals(request.allowLateSubmit());
        job.qualityPolicy = request.quality() == null ? QualityPolicy.none() : request.quality();
        job.purpose = purpose;
        job.examQuestions = request.examQuestions();
        job.grantsQualification = request.grantsQualification() == null ? null : request.grantsQualification().strip();
        job.state = JobState.DRAFT;
        job.createdAt = clock.instant();
        jobs.persist(job);
        return JobView.of(job, new JobView.Progress(0, 0, 0, 0, 0, 0));
    }

    /** A policy's {@code batchAlgorithm} must be one of the schema kind's (Bean Validation already checked the spelling). */
    static List<FieldError> batchAlgorithmProblems(CreateJobRequest request) {
        String name = request.quality() == null ? null : request.quality().batchAlgorithm();
        if (name == null || request.schema().kind() == null) {
            return List.of();
        }
        String kind = request.schema().kind().json();
        List<String> names = BatchAlgorithms.forKind(kind);
        if (names.contains(name)) {
            return List.of();
        }
        return List.of(new FieldError("quality.batchAlgorithm", "'" + name + "' does not merge " + kind
                + " labels; a " + kind + " job takes one of " + String.join(", ", names) + " (default "
                + names.get(0) + ")"));
    }

    private static List<FieldError> labelingProblems(CreateJobRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.overlap() == null) {
            errors.add(new FieldError("overlap", "must not be null"));
        }
        if (request.examQuestions() != null) {
            errors.add(new FieldError("examQuestions", "is only for exam jobs (purpose: exam)"));
        }
        if (request.grantsQualification() != null) {
            errors.add(new FieldError("grantsQualification", "is only for exam jobs (purpose: exam)"));
        }
        return errors;
    }

    /**
     * Exam and training jobs have gold items only: the fields about regular items and about judging
     * workers (an exam is scored by worker-service, not judged by a quality policy) do not apply.
     */
    private static List<FieldError> goldOnlyProblems(Purpose purpose, CreateJobRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String why = "must not be set for a " + purpose.json() + " job (gold items only)";
        if (request.overlap() != null) {
            errors.add(new FieldError("overlap", why));
        }
        if (request.maxOverlap() != null) {
            errors.add(new FieldError("maxOverlap", why));
        }
        if (request.goldRate() != null) {
            errors.add(new FieldError("goldRate", why));
        }
        if (request.schedule() != null) {
            errors.add(new FieldError("schedule", why));
        }
        if (request.maxLabelsPerWorker() != null) {
            errors.add(new FieldError("maxLabelsPerWorker", why));
        }
        if (request.quality() != null) {
            errors.add(new FieldError("quality", why));
        }
        if (purpose != Purpose.EXAM && request.examQuestions() != null) {
            errors.add(new FieldError("examQuestions", "is only for exam jobs (purpose: exam)"));
        }
        if (purpose != Purpose.EXAM && request.grantsQualification() != null) {
            errors.add(new FieldError("grantsQualification", "is only for exam jobs (purpose: exam)"));
        }
        if (request.grantsQualification() != null && request.requiredQualifications() != null
                && request.requiredQualifications().stream().map(String::strip)
                        .anyMatch(request.grantsQualification().strip()::equals)) {
            errors.add(new FieldError("requiredQualifications",
                    "must not contain the qualification the exam grants (nobody could take it)"));
        }
        return errors;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public JobView get(UUID jobId) {
        return view(access.owned(jobId));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<JobView> listForOrg(UUID orgId) {
        return jobs.listForOrg(orgId).stream().map(this::view).toList();
    }

    /** draft → running (needs at least one item), paused → running. */
    public JobView start(UUID jobId) {
        Job job = access.ownedForUpdate(jobId);
        switch (job.state) {
            case DRAFT -> {
                JobView.Progress progress = progress(job);
                if (job.purpose.goldOnly()) {
                    long needed = job.examQuestions == null ? 1 : job.examQuestions;
                    if (progress.goldItems() < needed) {
                        throw ApiProblem.conflict("A " + job.purpose.json() + " job needs at least " + needed
                                + " gold item(s) before it can start; it has " + progress.goldItems());
                    }
                } else if (progress.items() == 0) {
                    throw ApiProblem.conflict("A job needs at least one item before it can start");
                }
                job.startedAt = clock.instant();
            }
            case PAUSED -> {
            }
            default -> throw ApiProblem.conflict("A " + job.state.json() + " job cannot be started");
        }
        job.state = JobState.RUNNING;
        return view(job);
    }

    /** running → paused: no new claims; leases already granted may still be submitted. */
    public JobView pause(UUID jobId) {
        Job job = access.ownedForUpdate(jobId);
        if (job.state != JobState.RUNNING) {
            throw ApiProblem.conflict("Only a running job can be paused; this one is " + job.state.json());
        }
        job.state = JobState.PAUSED;
        return view(job);
    }

    /** Stops claims at once, releases every lease and drops the unfilled slots; submissions are refused from now on. */
    public JobView cancel(UUID jobId) {
        Job job = access.ownedForUpdate(jobId);
        if (job.state.isFinal()) {
            throw ApiProblem.conflict("The job is already " + job.state.json());
        }
        job.state = JobState.CANCELLED;
        job.finishedAt = clock.instant();
        jobs.flush();
        try (Connection c = dataSource.getConnection(); PreparedStatement end = c.prepareStatement(END_WORK)) {
            end.setObject(1, job.id);
            end.setObject(2, job.id);
            end.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return view(job);
    }

    private JobView view(Job job) {
        return JobView.of(job, progress(job));
    }

    private JobView.Progress progress(Job job) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(PROGRESS)) {
            q.setObject(1, job.id);
            q.setObject(2, job.id);
            q.setObject(3, job.id);
            q.setTimestamp(4, Timestamp.from(clock.instant()));
            q.setObject(5, job.id);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return new JobView.Progress(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
