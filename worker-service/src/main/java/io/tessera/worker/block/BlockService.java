package io.tessera.worker.block;

import io.tessera.common.error.ApiProblem;
import io.tessera.common.security.Caller;
import io.tessera.worker.Actor;
import io.tessera.worker.account.Account;
import io.tessera.worker.account.AccountRepository;
import io.tessera.worker.job.KnownJobs;
import io.tessera.worker.status.WorkerStatus;
import io.tessera.worker.vendor.VendorAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Manual blocks over the API. Who may do what (see docs/roles.md):
 * <ul>
 * <li>admin: any worker, any scope; lifts any block;</li>
 * <li>vendor manager: their own vendor's workers, any scope; lifts blocks their vendor's managers placed;</li>
 * <li>client: any worker, scope {@code org} (its own organisation) or {@code job} (recorded with its own
 * organisation; a job worker-service has seen belong to another organisation is a 404); sees the
 * blocks of its organisation and lifts those its organisation placed.</li>
 * </ul>
 * Automatic blocks (verdicts, exams) are lifted by admins only.
 */
@ApplicationScoped
@Transactional
public class BlockService {
    private final Blocks blocks;
    private final BlockRepository repository;
    private final AccountRepository accounts;
    private final WorkerStatus status;
    private final KnownJobs jobs;
    private final Clock clock;

    public BlockService(Blocks blocks, BlockRepository repository, AccountRepository accounts, WorkerStatus status,
            KnownJobs jobs, Clock clock) {
        this.blocks = blocks;
        this.repository = repository;
        this.accounts = accounts;
        this.status = status;
        this.jobs = jobs;
        this.clock = clock;
    }

    public BlockView create(UUID workerId, CreateBlockRequest request, Caller caller) {
        checkShape(request);
        if (request.until() != null && !request.until().isAfter(clock.instant())) {
            throw ApiProblem.badRequest("until", "must be in the future");
        }
        if (Block.ORG.equals(request.scope()) && request.orgId() == null && !caller.is(Caller.CLIENT)) {
            throw ApiProblem.badRequest("orgId", "a block of scope org needs orgId");
        }
        Account worker = status.lock(workerId).orElseThrow(() -> ApiProblem.notFound("Worker", workerId));
        UUID orgId = request.orgId();
        if (caller.is(Caller.CLIENT)) {
            orgId = clientOrg(request, caller);
        } else {
            VendorAccess.checkManage(caller, worker.vendorId);
            if (Block.JOB.equals(request.scope())) {
                orgId = jobs.orgOf(request.jobId()).orElse(orgId);
            }
        }
        Block block = blocks.place(worker, request.scope(), orgId, request.jobId(), request.until(),
                request.reason().strip(), Block.MANUAL, Actor.of(caller), null);
        return BlockView.of(block, clock.instant());
    }

    @Transactional(TxType.SUPPORTS)
    public List<BlockView> list(UUID workerId, Boolean active, Caller caller) {
        Account worker = worker(workerId);
        checkSeesWorker(caller, worker);
        Instant now = clock.instant();
        return repository.forWorker(workerId).stream()
                .filter(b -> visible(caller, b))
                .filter(b -> active == null || b.activeAt(now) == active)
                .map(b -> BlockView.of(b, now))
                .toList();
    }

    @Transactional(TxType.SUPPORTS)
    public BlockView get(UUID workerId, UUID blockId, Caller caller) {
        checkSeesWorker(caller, worker(workerId));
        return BlockView.of(find(workerId, blockId, caller), clock.instant());
    }

    /** Lifts a block; lifting one that is lifted already changes nothing. */
    public void lift(UUID workerId, UUID blockId, Caller caller) {
        Account worker = status.lock(workerId).orElseThrow(() -> ApiProblem.notFound("Worker", workerId));
        checkSeesWorker(caller, worker);
        Block block = find(workerId, blockId, caller);
        if (!mayLift(caller, block)) {
            throw ApiProblem.forbidden("Only an admin, or the vendor or organisation that placed it, may lift this block");
        }
        blocks.lift(block, caller.id());
    }

    private static void checkShape(CreateBlockRequest r) {
        switch (r.scope()) {
            case Block.PLATFORM -> {
                if (r.orgId() != null) {
                    throw ApiProblem.badRequest("orgId", "only a block of scope org or job names an organisation");
                }
            }
            case Block.JOB -> {
                if (r.jobId() == null) {
                    throw ApiProblem.badRequest("jobId", "a block of scope job needs jobId");
                }
            }
            default -> { }
        }
        if (!Block.JOB.equals(r.scope()) && r.jobId() != null) {
            throw ApiProblem.badRequest("jobId", "only a block of scope job names a job");
        }
    }

    /** A client blocks within its own organisation only; returns the organisation to record. */
    private UUID clientOrg(CreateBlockRequest request, Caller caller) {
        UUID own = caller.org();
        if (Block.PLATFORM.equals(request.scope())) {
            throw ApiProblem.forbidden("A client blocks within its own organisation only (scope org or job)");
        }
        if (request.orgId() != null && !request.orgId().equals(own)) {
            throw ApiProblem.forbidden("A client blocks within its own organisation only");
        }
        if (Block.JOB.equals(request.scope())
                && jobs.orgOf(request.jobId()).filter(org -> !org.equals(own)).isPresent()) {
            throw ApiProblem.notFound("Job", request.jobId()); // another organisation's job: 404, like everywhere
        }
        return own;
    }

    /** Admins and the worker's vendor managers see all of a worker's blocks; clients their organisation's. */
    private static void checkSeesWorker(Caller caller, Account worker) {
        if (!caller.is(Caller.CLIENT)) {
            VendorAccess.checkManage(caller, worker.vendorId);
        }
    }

    private static boolean visible(Caller caller, Block block) {
        return !caller.is(Caller.CLIENT) || caller.org().equals(block.orgId);
    }

    private static boolean mayLift(Caller caller, Block block) {
        if (caller.is(Caller.ADMIN)) {
            return true;
        }
        if (!Block.MANUAL.equals(block.source)) {
            return false;
        }
        if (caller.is(Caller.VENDOR)) {
            return Caller.VENDOR.equals(block.createdByRole)
                    && Objects.equals(block.createdByVendor, caller.vendor().orElse(null));
        }
        return caller.is(Caller.CLIENT) && Caller.CLIENT.equals(block.createdByRole) && caller.org().equals(block.orgId);
    }

    private Block find(UUID workerId, UUID blockId, Caller caller) {
        return repository.findByIdOptional(blockId)
                .filter(b -> b.workerId.equals(workerId) && visible(caller, b))
                .orElseThrow(() -> ApiProblem.notFound("Block", blockId));
    }

    private Account worker(UUID workerId) {
        return accounts.findByIdOptional(workerId).filter(Account::isWorker)
                .orElseThrow(() -> ApiProblem.notFound("Worker", workerId));
    }
}
