package io.tessera.worker.qualification;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class QualificationRepository implements PanacheRepositoryBase<Qualification, UUID> {
    public Optional<Qualification> byExamJob(UUID jobId) {
        return find("examJobId", jobId).firstResultOptional();
    }

    public boolean nameTaken(String name) {
        return count("name", name) > 0;
    }

    public List<Qualification> all() {
        return listAll(Sort.by("name"));
    }
}
