package io.tessera.worker.vendor;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A vendor; {@code networks}: where its workers may sign in from (CIDR), empty for anywhere. */
public record VendorView(UUID id, String name, Instant createdAt, List<String> networks) {
    static VendorView of(Vendor vendor) {
        return new VendorView(vendor.id, vendor.name, vendor.createdAt,
                vendor.networks == null ? List.of() : List.copyOf(vendor.networks));
    }
}
