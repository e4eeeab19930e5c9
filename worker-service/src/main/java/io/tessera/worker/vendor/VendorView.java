package io.tessera.worker.vendor;

import java.time.Instant;
import java.util.UUID;

public record VendorView(UUID id, String name, Instant createdAt) {
    static VendorView of(Vendor vendor) {
        return new VendorView(vendor.id, vendor.name, vendor.createdAt);
    }
}
