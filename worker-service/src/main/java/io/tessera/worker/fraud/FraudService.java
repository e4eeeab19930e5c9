package io.tessera.worker.fraud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.error.ApiProblem;
import io.tessera.common.security.Caller;
import io.tessera.worker.account.Account;
import io.tessera.worker.account.AccountRepository;
import io.tessera.worker.vendor.VendorAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;

/** Fraud signals for admins (all) and vendor managers (their vendor's workers). */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class FraudService {
    static final Set<String> KINDS = Set.of(FraudScan.FAST, FraudScan.ONE_ANSWER, FraudScan.SKIPS,
            FraudScan.SHARED_ADDRESS);
    private static final String LIST = """
            SELECT s.id, s.worker_id, a.vendor_id, s.kind, s.job_id, s.detail::text, s.first_seen_at, s.last_seen_at,
                   s.block_id
            FROM fraud_signal s LEFT JOIN account a ON a.id = s.worker_id
            WHERE (?::uuid IS NULL OR a.vendor_id = ?::uuid)
              AND (?::uuid IS NULL OR s.worker_id = ?::uuid)
              AND (?::text IS NULL OR s.kind = ?::text)
              AND (?::timestamptz IS NULL OR s.last_seen_at >= ?::timestamptz)
            ORDER BY s.last_seen_at DESC, s.id
            LIMIT ?""";

    private final EntityManager em;
    private final AccountRepository accounts;
    private final ObjectMapper json;

    public FraudService(EntityManager em, AccountRepository accounts, ObjectMapper json) {
        this.em = em;
        this.accounts = accounts;
        this.json = json;
    }

    /** Signals, most recently seen first; a vendor manager only ever sees their own vendor's workers. */
    public List<SignalView> list(UUID workerId, String kind, String since, Integer limit, Caller caller) {
        UUID vendor = null;
        if (!caller.is(Caller.ADMIN)) {
            vendor = caller.vendor().orElseThrow(() -> ApiProblem.forbidden("The token carries no vendor"));
        }
        if (workerId != null) {
            Account worker = accounts.findByIdOptional(workerId).filter(Account::isWorker)
                    .orElseThrow(() -> ApiProblem.notFound("Worker", workerId));
            VendorAccess.checkManage(caller, worker.vendorId);
        }
        if (kind != null && !KINDS.contains(kind)) {
            throw ApiProblem.badRequest("kind", "must be one of " + String.join(", ", KINDS.stream().sorted().toList()));
        }
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 1000) {
            throw ApiProblem.badRequest("limit", "must be between 1 and 1000");
        }
        Instant from;
        try {
            from = since == null || since.isBlank() ? null : Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("since", "must be an instant (2026-11-01T00:00:00Z)");
        }
        UUID v = vendor;
        return em.unwrap(Session.class).doReturningWork(c -> {
            List<SignalView> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(LIST)) {
                q.setObject(1, v);
                q.setObject(2, v);
                q.setObject(3, workerId);
                q.setObject(4, workerId);
                q.setString(5, kind);
                q.setString(6, kind);
                Timestamp t = from == null ? null : Timestamp.from(from);
                q.setTimestamp(7, t);
                q.setTimestamp(8, t);
                q.setInt(9, n);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SignalView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                                rs.getObject(3, UUID.class), rs.getString(4), rs.getObject(5, UUID.class),
                                json.readTree(rs.getString(6)), rs.getTimestamp(7).toInstant(),
                                rs.getTimestamp(8).toInstant(), rs.getObject(9, UUID.class)));
                    }
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return out;
        });
    }
}
