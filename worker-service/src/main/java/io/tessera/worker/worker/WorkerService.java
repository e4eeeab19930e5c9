package io.tessera.worker.worker;

import io.tessera.common.error.ApiProblem;
import io.tessera.common.security.Caller;
import io.tessera.worker.account.Account;
import io.tessera.worker.account.AccountRepository;
import io.tessera.worker.account.Accounts;
import io.tessera.worker.account.PasswordHasher;
import io.tessera.worker.account.Role;
import io.tessera.worker.status.WorkerStatus;
import io.tessera.worker.vendor.VendorAccess;
import io.tessera.worker.vendor.VendorRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Worker accounts. Admins create any worker; a vendor manager creates workers on their own floor only.
 * A worker reads their own profile; admins and the worker's vendor manager read and (de)activate it.
 * Every change task-service's claim path depends on (creation, vendor, active) publishes a
 * {@code worker.updated} snapshot in the same transaction.
 */
@ApplicationScoped
@Transactional
public class WorkerService {
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final AccountRepository accountRepository;
    private final WorkerRepository workers;
    private final VendorRepository vendors;
    private final Accounts accounts;
    private final PasswordHasher passwords;
    private final WorkerStatus status;

    public WorkerService(AccountRepository accountRepository, WorkerRepository workers, VendorRepository vendors,
            Accounts accounts, PasswordHasher passwords, WorkerStatus status) {
        this.accountRepository = accountRepository;
        this.workers = workers;
        this.vendors = vendors;
        this.accounts = accounts;
        this.passwords = passwords;
        this.status = status;
    }

    public WorkerView create(CreateWorkerRequest request, Caller caller) {
        UUID vendorId = vendorFor(request.vendorId(), caller);
        if (request.country() != null && !COUNTRIES.contains(request.country())) {
            throw ApiProblem.badRequest("country", "is not an ISO 3166-1 alpha-2 code");
        }
        // Hash first: the connection is taken at the first statement, so it is not held while PBKDF2 runs.
        String hash = passwords.hash(request.password());
        if (vendorId != null && vendors.findByIdOptional(vendorId).isEmpty()) {
            throw ApiProblem.badRequest("vendorId", "no vendor has this id");
        }
        Account account = accounts.create(request.username(), hash, Role.WORKER, request.displayName(), vendorId);
        Worker worker = new Worker();
        worker.id = account.id;
        worker.languages = request.languages() == null ? List.of() : request.languages().stream().distinct().toList();
        worker.country = request.country();
        workers.persist(worker);
        status.updated(account);
        return WorkerView.of(account, worker);
    }

    @Transactional(TxType.SUPPORTS)
    public WorkerView me(Caller caller) {
        return view(caller.id());
    }

    @Transactional(TxType.SUPPORTS)
    public WorkerView get(UUID workerId, Caller caller) {
        WorkerView worker = view(workerId);
        if (!(caller.is(Caller.WORKER) && caller.id().equals(workerId))) {
            VendorAccess.checkManage(caller, worker.vendorId());
        }
        return worker;
    }

    /**
     * Changes display name, languages or country: the worker themselves ({@code /workers/me}), an
     * admin, or the worker's vendor manager. Nothing here is in {@code worker.updated}.
     */
    public WorkerView update(UUID workerId, UpdateProfileRequest request, Caller caller) {
        if (request.country() != null && !COUNTRIES.contains(request.country())) {
            throw ApiProblem.badRequest("country", "is not an ISO 3166-1 alpha-2 code");
        }
        Account account = accountRepository.findByIdOptional(workerId).filter(a -> a.role == Role.WORKER)
                .orElseThrow(() -> ApiProblem.notFound("Worker", workerId));
        if (!(caller.is(Caller.WORKER) && caller.id().equals(workerId))) {
            VendorAccess.checkManage(caller, account.vendorId);
        }
        Worker worker = workers.findById(workerId);
        if (request.displayName() != null) {
            account.displayName = request.displayName().strip();
        }
        if (request.languages() != null) {
            worker.languages = request.languages().stream().distinct().toList();
        }
        if (request.country() != null) {
            worker.country = request.country();
        }
        return WorkerView.of(account, worker);
    }

    /** A deactivated worker can no longer sign in; tokens already issued run out within the token lifetime. */
    public WorkerView setActive(UUID workerId, boolean active, Caller caller) {
        Account account = status.lock(workerId).orElseThrow(() -> ApiProblem.notFound("Worker", workerId));
        VendorAccess.checkManage(caller, account.vendorId);
        if (account.active != active) {
            account.active = active;
            status.updated(account);
        }
        return WorkerView.of(account, workers.findById(workerId));
    }

    /**
     * Moves a worker to another vendor's floor, or makes them a remote worker ({@code vendorId} null).
     * Admins only: a vendor manager must not take or give away workers. The worker's current token
     * keeps the old {@code vendor} claim until it expires.
     */
    public WorkerView changeVendor(UUID workerId, ChangeVendorRequest request) {
        UUID vendorId = request.vendorId();
        if (vendorId != null && vendors.findByIdOptional(vendorId).isEmpty()) {
            throw ApiProblem.badRequest("vendorId", "no vendor has this id");
        }
        Account account = status.lock(workerId).orElseThrow(() -> ApiProblem.notFound("Worker", workerId));
        Worker worker = workers.findById(workerId);
        if (!Objects.equals(account.vendorId, vendorId)) {
            account.vendorId = vendorId;
            worker.teamId = null; // teams are the old vendor's
            status.updated(account);
        }
        return WorkerView.of(account, worker);
    }

    /** Admins choose any vendor (or none); a vendor manager always creates on their own floor. */
    private static UUID vendorFor(UUID requested, Caller caller) {
        if (caller.is(Caller.ADMIN)) {
            return requested;
        }
        UUID own = caller.vendor().orElseThrow(() -> ApiProblem.forbidden("The token carries no vendor"));
        if (requested != null && !requested.equals(own)) {
            throw ApiProblem.forbidden("A vendor manager creates workers for their own vendor only");
        }
        return own;
    }

    private WorkerView view(UUID workerId) {
        Account account = accountRepository.findByIdOptional(workerId)
                .filter(a -> a.role == Role.WORKER)
                .orElseThrow(() -> ApiProblem.notFound("Worker", workerId));
        return WorkerView.of(account, workers.findById(workerId));
    }
}
