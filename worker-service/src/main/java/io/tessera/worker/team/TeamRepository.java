package io.tessera.worker.team;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<Team, UUID> {
    public List<Team> ofVendor(UUID vendorId) {
        return list("vendorId = ?1 ORDER BY lower(name)", vendorId);
    }

    /** The vendor's team of that name, case-insensitively. */
    public Optional<Team> byName(UUID vendorId, String name) {
        return find("vendorId = ?1 AND lower(name) = lower(?2)", vendorId, name.strip()).firstResultOptional();
    }
}
