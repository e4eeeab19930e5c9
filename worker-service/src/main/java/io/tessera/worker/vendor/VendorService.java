package io.tessera.worker.vendor;

import io.tessera.common.error.ApiProblem;
import io.tessera.common.security.Caller;
import io.tessera.worker.Timestamps;
import io.tessera.worker.account.Account;
import io.tessera.worker.account.AccountRepository;
import io.tessera.worker.account.Accounts;
import io.tessera.worker.account.PasswordHasher;
import io.tessera.worker.account.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional.TxType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/** Vendors and their managers. Kept small on purpose: issue 5 adds teams, floors and throughput. */
@ApplicationScoped
@Transactional
public class VendorService {
    private final VendorRepository vendors;
    private final AccountRepository accountRepository;
    private final Accounts accounts;
    private final PasswordHasher passwords;
    private final Clock clock;

    public VendorService(VendorRepository vendors, AccountRepository accountRepository, Accounts accounts,
            PasswordHasher passwords, Clock clock) {
        this.vendors = vendors;
        this.accountRepository = accountRepository;
        this.accounts = accounts;
        this.passwords = passwords;
        this.clock = clock;
    }

    public VendorView create(CreateVendorRequest request) {
        Vendor vendor = new Vendor();
        vendor.id = UUID.randomUUID();
        vendor.name = request.name().strip();
        vendor.createdAt = Timestamps.now(clock);
        vendors.persist(vendor);
        return VendorView.of(vendor);
    }

    @Transactional(TxType.SUPPORTS)
    public VendorView get(UUID vendorId, Caller caller) {
        VendorAccess.checkManage(caller, vendorId);
        return VendorView.of(find(vendorId));
    }

    public ManagerView createManager(UUID vendorId, CreateManagerRequest request) {
        // Hash first: the connection is taken at the first statement, so it is not held while PBKDF2 runs.
        String hash = passwords.hash(request.password());
        find(vendorId);
        Account manager = accounts.create(request.username(), hash, Role.VENDOR, request.displayName(), vendorId);
        return ManagerView.of(manager);
    }

    @Transactional(TxType.SUPPORTS)
    public ManagerView getManager(UUID vendorId, UUID managerId, Caller caller) {
        VendorAccess.checkManage(caller, vendorId);
        return accountRepository.findByIdOptional(managerId)
                .filter(a -> a.role == Role.VENDOR && vendorId.equals(a.vendorId))
                .map(ManagerView::of)
                .orElseThrow(() -> ApiProblem.notFound("Manager", managerId));
    }

    private Vendor find(UUID vendorId) {
        return vendors.findByIdOptional(vendorId).orElseThrow(() -> ApiProblem.notFound("Vendor", vendorId));
    }
}
