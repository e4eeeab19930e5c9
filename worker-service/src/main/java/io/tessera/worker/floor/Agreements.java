package io.tessera.worker.floor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Keeps the latest agreement figures of each worker per job from {@code worker.agreement}. Figures are
 * ordered by the job's latest decision they cover ({@code decidedUpto}), then by when they were counted
 * ({@code computedAt}; the envelope's {@code occurredAt} if absent): an older event arriving late (two
 * quality-service instances relay their outboxes independently) does not overwrite a newer one. A
 * redelivered event is stopped earlier, by its id ({@code EventConsumers}).
 */
@ApplicationScoped
public class Agreements {
    private static final Logger LOG = Logger.getLogger(Agreements.class);
    private static final String UPSERT = """
            INSERT INTO worker_job_agreement AS s (worker_id, job_id, org_id, compared, agreed, decided_upto, computed_at)
            VALUES (?::uuid, ?::uuid, ?::uuid, ?, ?, ?::timestamptz, ?::timestamptz)
            ON CONFLICT (worker_id, job_id) DO UPDATE SET org_id = coalesce(EXCLUDED.org_id, s.org_id),
                compared = EXCLUDED.compared, agreed = EXCLUDED.agreed, decided_upto = EXCLUDED.decided_upto,
                computed_at = EXCLUDED.computed_at
            WHERE (s.decided_upto, s.computed_at) <= (EXCLUDED.decided_upto, EXCLUDED.computed_at)""";

    private final EntityManager em;

    public Agreements(EntityManager em) {
        this.em = em;
    }

    /** Stores the figures unless newer ones are stored; returns whether it did. */
    public boolean apply(AgreementEvent a, Instant occurredAt) {
        if (a.workerId() == null || a.jobId() == null || a.compared() == null || a.agreed() == null
                || a.compared() < 0 || a.agreed() < 0 || a.agreed() > a.compared()) {
            LOG.warnf("Ignoring a worker.agreement without sound figures: %s", a);
            return false;
        }
        Instant computedAt = micros(a.computedAt() != null ? a.computedAt() : occurredAt);
        Instant decidedUpto = a.decidedUpto() != null ? micros(a.decidedUpto()) : computedAt;
        // plain JDBC on Hibernate's connection: a null organisation binds as an untyped null
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement q = c.prepareStatement(UPSERT)) {
                q.setObject(1, a.workerId());
                q.setObject(2, a.jobId());
                q.setObject(3, a.orgId());
                q.setInt(4, a.compared());
                q.setInt(5, a.agreed());
                q.setTimestamp(6, Timestamp.from(decidedUpto));
                q.setTimestamp(7, Timestamp.from(computedAt));
                return q.executeUpdate() == 1;
            }
        });
    }

    /** Stored with PostgreSQL's precision, so a comparison with a stored value is exact. */
    private static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }
}
