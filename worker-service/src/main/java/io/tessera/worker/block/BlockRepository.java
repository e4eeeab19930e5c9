package io.tessera.worker.block;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class BlockRepository implements PanacheRepositoryBase<Block, UUID> {
    public List<Block> forWorker(UUID workerId) {
        return list("workerId", Sort.by("createdAt").and("id"), workerId);
    }

    /** The worker's blocks that are not lifted; whether each has ended is for the caller to check. */
    public List<Block> unlifted(UUID workerId) {
        return list("workerId = ?1 and liftedAt is null", Sort.by("createdAt").and("id"), workerId);
    }
}
