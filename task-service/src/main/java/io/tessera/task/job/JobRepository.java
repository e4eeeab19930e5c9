package io.tessera.task.job;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class JobRepository implements PanacheRepositoryBase<Job, UUID> {
    public List<Job> listForOrg(UUID orgId) {
        return list("orgId", Sort.descending("createdAt"), orgId);
    }
}
