package io.tessera.worker.org;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class OrgRepository implements PanacheRepositoryBase<ClientOrg, UUID> {
}
