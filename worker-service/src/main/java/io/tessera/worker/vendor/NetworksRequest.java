package io.tessera.worker.vendor;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The floor's networks in CIDR notation; {@code []} lets the vendor's workers sign in from anywhere. */
public record NetworksRequest(@NotNull @Size(max = 100) List<String> networks) {
}
