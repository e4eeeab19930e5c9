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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        vendor.networks = List.of();
        vendors.persist(vendor);
        return VendorView.of(vendor);
    }

    @Transactional(TxType.SUPPORTS)
    public VendorView get(UUID vendorId, Caller caller) {
        VendorAccess.checkManage(caller, vendorId);
        return VendorView.of(find(vendorId));
    }

    /**
     * Restricts sign-in of the vendor's workers to {@code networks} (CIDR; empty lifts the restriction).
     * Admins and the vendor's managers. Tokens already issued stay valid until they expire.
     */
    public VendorView setNetworks(UUID vendorId, NetworksRequest request, Caller caller) {
        VendorAccess.checkManage(caller, vendorId);
        List<String> canonical = new ArrayList<>();
        for (int i = 0; i < request.networks().size(); i++) {
            String text = request.networks().get(i);
            String field = "networks[" + i + "]";
            Cidr cidr = Cidr.parse(text == null ? null : text.strip()).orElseThrow(() -> ApiProblem.badRequest(
                    field, "must be a network in CIDR notation with its host bits zero,"
                            + " such as 10.20.0.0/16 or 2001:db8::/32"));
            if (!canonical.contains(cidr.toString())) {
                canonical.add(cidr.toString());
            }
        }
        Vendor vendor = find(vendorId);
        vendor.networks = List.copyOf(canonical);
        return VendorView.of(vendor);
    }

    /** Whether a worker of {@code vendorId} may sign in from {@code address}. */
    @Transactional(TxType.SUPPORTS)
    public boolean allowsSignInFrom(UUID vendorId, String address) {
        List<String> networks = vendors.findByIdOptional(vendorId).map(v -> v.networks).orElse(List.of());
        return networks == null || networks.isEmpty()
                || networks.stream().map(Cidr::parse).flatMap(Optional::stream).anyMatch(c -> c.contains(address));
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
