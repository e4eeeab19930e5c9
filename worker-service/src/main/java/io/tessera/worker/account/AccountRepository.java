package io.tessera.worker.account;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, UUID> {
    /** {@code username} must already be normalised. */
    public Optional<Account> findByUsername(String username) {
        return find("username", username).firstResultOptional();
    }

    public boolean usernameTaken(String username) {
        return count("username", username) > 0;
    }

    public boolean adminExists() {
        return count("role", Role.ADMIN) > 0;
    }

    /**
     * Serialises the admin bootstrap of several instances starting at once: a transaction-scoped
     * advisory lock, released at commit.
     */
    public void lockAdminBootstrap() {
        getEntityManager()
                .createNativeQuery("SELECT count(*) FROM pg_advisory_xact_lock(hashtext('tessera.admin-bootstrap'))")
                .getSingleResult();
    }
}
