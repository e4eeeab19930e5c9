package io.tessera.worker.vendor;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class VendorRepository implements PanacheRepositoryBase<Vendor, UUID> {
}
