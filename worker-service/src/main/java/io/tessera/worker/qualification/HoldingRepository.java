package io.tessera.worker.qualification;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class HoldingRepository implements PanacheRepositoryBase<Holding, UUID> {
    public Optional<Holding> of(UUID workerId, UUID qualificationId) {
        return find("workerId = ?1 and qualificationId = ?2", workerId, qualificationId).firstResultOptional();
    }

    /** The worker's current qualifications with their definitions, by name. */
    public List<Object[]> held(UUID workerId) {
        return getEntityManager().createQuery("""
                        SELECT h, q FROM Holding h, Qualification q
                        WHERE q.id = h.qualificationId AND h.workerId = ?1 AND h.revokedAt IS NULL
                        ORDER BY q.name""", Object[].class)
                .setParameter(1, workerId)
                .getResultList();
    }
}
