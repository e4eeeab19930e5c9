package io.tessera.worker.ledger;

import io.tessera.common.error.ApiProblem;
import io.tessera.common.security.Caller;
import io.tessera.worker.Actor;
import io.tessera.worker.account.Account;
import io.tessera.worker.account.AccountRepository;
import io.tessera.worker.job.KnownJobs;
import io.tessera.worker.vendor.VendorAccess;
import io.tessera.worker.vendor.VendorRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Earnings over the API: balances and entries (admins, the worker's vendor manager, the worker),
 * vendor balances (admins, the vendor's managers), client bonuses, admin adjustments and the payout
 * export (admins).
 */
@ApplicationScoped
@Transactional
public class LedgerService {
    static final int MAX_ENTRIES = 1000;

    private final Ledger ledger;
    private final AccountRepository accounts;
    private final VendorRepository vendors;
    private final KnownJobs jobs;

    public LedgerService(Ledger ledger, AccountRepository accounts, VendorRepository vendors, KnownJobs jobs) {
        this.ledger = ledger;
        this.accounts = accounts;
        this.vendors = vendors;
        this.jobs = jobs;
    }

    @Transactional(TxType.SUPPORTS)
    public EarningsView earnings(UUID workerId, String from, String to, Caller caller) {
        checkSees(caller, workerId);
        Instant f = instant("from", from);
        Instant t = instant("to", to);
        return EarningsView.of(workerId, f, t, ledger.workerTotals(workerId, f, t));
    }

    @Transactional(TxType.SUPPORTS)
    public List<Entry> entries(UUID workerId, String from, String to, Integer limit, Caller caller) {
        checkSees(caller, workerId);
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > MAX_ENTRIES) {
            throw ApiProblem.badRequest("limit", "must be between 1 and " + MAX_ENTRIES);
        }
        return ledger.entries(workerId, instant("from", from), instant("to", to), n);
    }

    @Transactional(TxType.SUPPORTS)
    public Entry entry(UUID workerId, long entryId, Caller caller) {
        checkSees(caller, workerId);
        return ledger.entry(workerId, entryId).orElseThrow(() -> ApiProblem.notFound("Entry", entryId));
    }

    @Transactional(TxType.SUPPORTS)
    public VendorEarningsView vendorEarnings(UUID vendorId, String from, String to, Caller caller) {
        VendorAccess.checkManage(caller, vendorId);
        vendors.findByIdOptional(vendorId).orElseThrow(() -> ApiProblem.notFound("Vendor", vendorId));
        Instant f = instant("from", from);
        Instant t = instant("to", to);
        Totals total = ledger.vendorTotals(vendorId, f, t);
        Map<UUID, Totals> workers = ledger.vendorWorkers(vendorId, f, t);
        return new VendorEarningsView(vendorId, f, t, total.balanceCents(), total.rewardsCents(),
                total.reversalsCents(), total.bonusesCents(), total.adjustmentsCents(), total.entries(),
                workers.entrySet().stream().map(e -> EarningsView.of(e.getKey(), f, t, e.getValue())).toList());
    }

    /**
     * A client's bonus: only for a worker with submissions in the job, and only for a job of the
     * client's organisation (as submission events told worker-service; any other job is a 404).
     */
    public Ledger.Booked bonus(UUID workerId, BonusRequest request, String idempotencyKey, Caller caller) {
        UUID own = caller.org();
        worker(workerId);
        if (jobs.orgOf(request.jobId()).filter(own::equals).isEmpty()) {
            throw ApiProblem.notFound("Job", request.jobId());
        }
        if (ledger.workerJobOrg(workerId, request.jobId()).isEmpty()) {
            throw ApiProblem.forbidden("A bonus is for work in the job: this worker has no submissions in it");
        }
        String reason = request.reason() == null || request.reason().isBlank() ? null : request.reason().strip();
        return ledger.book(Entry.BONUS, workerId, request.amountCents(), request.jobId(), own, Actor.of(caller), reason,
                idempotencyKey);
    }

    public Ledger.Booked adjust(UUID workerId, AdjustmentRequest request, String idempotencyKey, Caller caller) {
        if (request.amountCents() == 0) {
            throw ApiProblem.badRequest("amountCents", "must not be 0");
        }
        worker(workerId);
        UUID org = request.jobId() == null ? null : jobs.orgOf(request.jobId()).orElse(null);
        return ledger.book(Entry.ADJUSTMENT, workerId, request.amountCents(), request.jobId(), org, Actor.of(caller),
                request.reason().strip(), idempotencyKey);
    }

    /** The payout CSV for entries booked in [from, to). */
    @Transactional(TxType.SUPPORTS)
    public String payouts(String from, String to) {
        Instant f = required("from", from);
        Instant t = required("to", to);
        if (!f.isBefore(t)) {
            throw ApiProblem.badRequest("to", "must be after from");
        }
        return PayoutCsv.write(f, t, ledger.payouts(f, t));
    }

    /** Admins, the worker's vendor managers and the worker themself. */
    private void checkSees(Caller caller, UUID workerId) {
        Account worker = worker(workerId);
        if (!(caller.is(Caller.WORKER) && caller.id().equals(workerId))) {
            VendorAccess.checkManage(caller, worker.vendorId);
        }
    }

    private Account worker(UUID workerId) {
        return accounts.findByIdOptional(workerId).filter(Account::isWorker)
                .orElseThrow(() -> ApiProblem.notFound("Worker", workerId));
    }

    private static Instant required(String name, String value) {
        Instant instant = instant(name, value);
        if (instant == null) {
            throw ApiProblem.badRequest(name, "is required");
        }
        return instant;
    }

    /** {@code 2026-11-01} (midnight UTC) or an ISO 8601 instant; null when absent. */
    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(name, "must be a date (2026-11-01) or an instant (2026-11-01T00:00:00Z)");
        }
    }
}
