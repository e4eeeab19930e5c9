package io.tessera.worker.worker;

import java.util.UUID;

/** The worker's new vendor; {@code null} (or {@code {}}) makes them a remote worker. */
public record ChangeVendorRequest(UUID vendorId) {
}
