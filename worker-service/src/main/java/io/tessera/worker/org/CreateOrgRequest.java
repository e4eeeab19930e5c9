package io.tessera.worker.org;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record CreateOrgRequest(@NotBlank @Size(max = 200) String name) {
}
