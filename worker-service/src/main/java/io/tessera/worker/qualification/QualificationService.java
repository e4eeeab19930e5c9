package io.tessera.worker.qualification;

import io.tessera.common.error.ApiProblem;
import io.tessera.common.security.Caller;
import io.tessera.worker.Timestamps;
import io.tessera.worker.account.Account;
import io.tessera.worker.account.AccountRepository;
import io.tessera.worker.job.KnownJobs;
import io.tessera.worker.status.WorkerStatus;
import io.tessera.worker.vendor.VendorAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Qualifications: clients and admins define them (optionally with an exam), admins grant and revoke
 * them, workers show the ones they hold. Every grant or revocation publishes the worker's
 * {@code worker.updated} snapshot in the same transaction, which is how task-service's claim path
 * learns of it.
 */
@ApplicationScoped
@Transactional
public class QualificationService {
    static final Duration MAX_RETRY_DELAY = Duration.ofDays(365);

    private final QualificationRepository qualifications;
    private final HoldingRepository holdings;
    private final ExamAttemptRepository attempts;
    private final AccountRepository accounts;
    private final WorkerStatus status;
    private final KnownJobs jobs;
    private final Clock clock;

    public QualificationService(QualificationRepository qualifications, HoldingRepository holdings,
            ExamAttemptRepository attempts, AccountRepository accounts, WorkerStatus status, KnownJobs jobs,
            Clock clock) {
        this.qualifications = qualifications;
        this.holdings = holdings;
        this.attempts = attempts;
        this.accounts = accounts;
        this.status = status;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** A client's qualification belongs to its organisation; an admin's to the platform. */
    public QualificationView define(CreateQualificationRequest request, Caller caller) {
        UUID orgId = caller.is(Caller.CLIENT) ? caller.org() : null;
        if (qualifications.nameTaken(request.name())) {
            throw nameTaken(request.name());
        }
        Qualification q = new Qualification();
        q.id = UUID.randomUUID();
        q.name = request.name();
        q.description = request.description() == null ? null : request.description().strip();
        q.orgId = orgId;
        q.createdBy = caller.id();
        q.createdAt = Timestamps.now(clock);
        if (request.exam() != null) {
            setExam(q, request.exam(), orgId);
        }
        try {
            qualifications.persistAndFlush(q);
        } catch (PersistenceException e) {
            if (violates(e, "qualification_name_key")) {
                throw nameTaken(request.name());
            }
            if (violates(e, "qualification_exam_job_key")) {
                throw examTaken(request.exam().jobId());
            }
            throw e;
        }
        return QualificationView.of(q);
    }

    @Transactional(TxType.SUPPORTS)
    public List<QualificationView> list() {
        return qualifications.all().stream().map(QualificationView::of).toList();
    }

    @Transactional(TxType.SUPPORTS)
    public QualificationView get(UUID id) {
        return QualificationView.of(find(id));
    }

    /** Grants a qualification; returns the certificate and whether it is new (false: held already). */
    public Granted grant(UUID workerId, GrantRequest request, Caller caller) {
        Account worker = status.lock(workerId).orElseThrow(() -> ApiProblem.notFound("Worker", workerId));
        Qualification q = qualifications.findByIdOptional(request.qualificationId())
                .orElseThrow(() -> ApiProblem.badRequest("qualificationId", "no qualification has this id"));
        Holding holding = holdings.of(workerId, q.id).orElse(null);
        if (holding != null && holding.held()) {
            return new Granted(CertificateView.of(holding, q, passing(holding)), false);
        }
        holding = hold(worker, q, holding, Holding.GRANT, caller.id(), null);
        return new Granted(CertificateView.of(holding, q, null), true);
    }

    /** Revokes a qualification; revoking one that is revoked already changes nothing. */
    public void revoke(UUID workerId, UUID qualificationId, Caller caller) {
        Account worker = status.lock(workerId).orElseThrow(() -> ApiProblem.notFound("Worker", workerId));
        Holding holding = holdings.of(workerId, qualificationId)
                .orElseThrow(() -> ApiProblem.notFound("Qualification of this worker", qualificationId));
        if (holding.held()) {
            holding.revokedAt = Timestamps.now(clock);
            holding.revokedBy = caller.id();
            status.updated(worker);
        }
    }

    @Transactional(TxType.SUPPORTS)
    public List<CertificateView> certificates(UUID workerId, Caller caller) {
        checkSees(caller, workerId);
        List<CertificateView> out = new ArrayList<>();
        for (Object[] row : holdings.held(workerId)) {
            Holding h = (Holding) row[0];
            out.add(CertificateView.of(h, (Qualification) row[1], passing(h)));
        }
        return out;
    }

    /** The worker's standing in every exam they attempted. */
    @Transactional(TxType.SUPPORTS)
    public List<ExamStatusView> exams(UUID workerId, Caller caller) {
        checkSees(caller, workerId);
        Map<UUID, List<ExamAttempt>> byExam = attempts.ofWorker(workerId).stream()
                .collect(Collectors.groupingBy(a -> a.qualificationId, LinkedHashMap::new, Collectors.toList()));
        if (byExam.isEmpty()) {
            return List.of();
        }
        Map<UUID, Qualification> defs = qualifications.list("id in ?1", byExam.keySet()).stream()
                .collect(Collectors.toMap(q -> q.id, Function.identity()));
        return byExam.entrySet().stream()
                .map(e -> Exams.standing(defs.get(e.getKey()), e.getValue(), clock.instant()))
                .sorted(Comparator.comparing(ExamStatusView::name))
                .toList();
    }

    /** Makes {@code q} a current qualification of {@code worker} and publishes the snapshot. */
    Holding hold(Account worker, Qualification q, Holding existing, String source, UUID by, UUID attemptId) {
        Holding holding = existing != null ? existing : new Holding();
        if (existing == null) {
            holding.id = UUID.randomUUID();
            holding.workerId = worker.id;
            holding.qualificationId = q.id;
        }
        holding.grantedAt = Timestamps.now(clock);
        holding.source = source;
        holding.grantedBy = by;
        holding.examAttemptId = attemptId;
        holding.revokedAt = null;
        holding.revokedBy = null;
        if (existing == null) {
            holdings.persist(holding);
        }
        status.updated(worker);
        return holding;
    }

    private void setExam(Qualification q, CreateQualificationRequest.Exam exam, UUID orgId) {
        if (exam.retryDelay().isNegative() || exam.retryDelay().compareTo(MAX_RETRY_DELAY) > 0) {
            throw ApiProblem.badRequest("exam.retryDelay", "must be between PT0S and P365D");
        }
        if (exam.jobId().equals(exam.trainingJobId())) {
            throw ApiProblem.badRequest("exam.trainingJobId", "must differ from the exam job");
        }
        if (orgId != null) {
            for (UUID job : new UUID[] {exam.jobId(), exam.trainingJobId()}) {
                if (job != null && jobs.orgOf(job).filter(org -> !org.equals(orgId)).isPresent()) {
                    throw ApiProblem.notFound("Job", job); // another organisation's job
                }
            }
        }
        if (qualifications.byExamJob(exam.jobId()).isPresent()) {
            throw examTaken(exam.jobId());
        }
        q.examJobId = exam.jobId();
        q.trainingJobId = exam.trainingJobId();
        q.passPercent = exam.passPercent();
        q.examGold = exam.goldPerAttempt();
        q.maxAttempts = exam.maxAttempts();
        q.retryDelaySeconds = exam.retryDelay().toSeconds();
    }

    private ExamAttempt passing(Holding h) {
        return h.examAttemptId == null ? null : attempts.findById(h.examAttemptId);
    }

    /** Admins, the worker's vendor managers and the worker themself. */
    private void checkSees(Caller caller, UUID workerId) {
        Account worker = accounts.findByIdOptional(workerId).filter(Account::isWorker)
                .orElseThrow(() -> ApiProblem.notFound("Worker", workerId));
        if (!(caller.is(Caller.WORKER) && caller.id().equals(workerId))) {
            VendorAccess.checkManage(caller, worker.vendorId);
        }
    }

    private Qualification find(UUID id) {
        return qualifications.findByIdOptional(id).orElseThrow(() -> ApiProblem.notFound("Qualification", id));
    }

    private static ApiProblem nameTaken(String name) {
        return ApiProblem.conflict("A qualification named " + name + " exists");
    }

    private static ApiProblem examTaken(UUID jobId) {
        return ApiProblem.conflict("Job " + jobId + " is the exam of another qualification");
    }

    private static boolean violates(Throwable e, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException c && constraint.equals(c.getConstraintName())) {
                return true;
            }
        }
        return false;
    }

    /** A grant's certificate, and whether the grant made it (false: the worker held it already). */
    public record Granted(CertificateView certificate, boolean created) {
    }
}
