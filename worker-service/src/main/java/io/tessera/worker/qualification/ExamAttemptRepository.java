package io.tessera.worker.qualification;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ExamAttemptRepository implements PanacheRepositoryBase<ExamAttempt, UUID> {
    /** The worker's attempts at one exam, first attempt first. */
    public List<ExamAttempt> of(UUID workerId, UUID qualificationId) {
        return list("workerId = ?1 and qualificationId = ?2", Sort.by("number"), workerId, qualificationId);
    }

    public List<ExamAttempt> ofWorker(UUID workerId) {
        return list("workerId", Sort.by("qualificationId").and("number"), workerId);
    }
}
