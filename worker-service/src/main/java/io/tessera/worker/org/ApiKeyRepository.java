package io.tessera.worker.org;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {
    /** The unique index on key_id makes this the one lookup of an API-key sign-in. */
    public Optional<ApiKey> findByKeyId(String keyId) {
        return find("keyId", keyId).firstResultOptional();
    }

    public List<ApiKey> listForOrg(UUID orgId) {
        return list("orgId", Sort.by("createdAt").and("id"), orgId);
    }
}
