package io.tessera.worker.vendor;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record CreateVendorRequest(@NotBlank @Size(max = 200) String name) {
}
