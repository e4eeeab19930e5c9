package io.tessera.worker.job;

import io.tessera.worker.Timestamps;
import io.tessera.worker.ledger.SubmissionEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;

/**
 * The organisation of each job worker-service has seen in an event. worker-service never calls
 * task-service, so this is all it knows of who owns a job: enough to refuse a client acting on
 * another organisation's job once any event of that job arrived, not before.
 */
@ApplicationScoped
public class KnownJobs {
    private static final String RECORD = """
            INSERT INTO known_job (job_id, org_id, first_seen_at) VALUES (?1, ?2, ?3) ON CONFLICT (job_id) DO NOTHING""";

    private final EntityManager em;
    private final Clock clock;

    public KnownJobs(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** Remembers that {@code jobId} belongs to {@code orgId}; the first event to name the job wins. */
    public void record(UUID jobId, UUID orgId) {
        if (jobId == null || orgId == null) {
            return;
        }
        em.createNativeQuery(RECORD)
                .setParameter(1, jobId)
                .setParameter(2, orgId)
                .setParameter(3, Timestamps.now(clock))
                .executeUpdate();
    }

    /**
     * Remembers the label kind of each submission's job (its {@code schema.kind}) for earned skills; the
     * first event wins, and a known job is not touched (no row lock in the consumer).
     */
    public void recordKinds(List<SubmissionEvent> submissions) {
        Map<UUID, String> kinds = new LinkedHashMap<>();
        for (SubmissionEvent s : submissions) {
            String kind = s.labelKind();
            if (s.jobId() != null && kind != null && !kind.isBlank()) {
                kinds.putIfAbsent(s.jobId(), kind);
            }
        }
        if (kinds.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement q = c.prepareStatement("""
                    INSERT INTO job_kind (job_id, label_kind) SELECT * FROM unnest(?::uuid[], ?::text[])
                    ON CONFLICT (job_id) DO NOTHING""")) {
                q.setArray(1, c.createArrayOf("uuid", kinds.keySet().toArray()));
                q.setArray(2, c.createArrayOf("text", kinds.values().toArray()));
                q.executeUpdate();
            }
        });
    }

    public Optional<UUID> orgOf(UUID jobId) {
        @SuppressWarnings("unchecked")
        List<UUID> orgs = em.createNativeQuery("SELECT org_id FROM known_job WHERE job_id = ?1", UUID.class)
                .setParameter(1, jobId)
                .getResultList();
        return orgs.stream().findFirst();
    }
}
