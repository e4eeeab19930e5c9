package io.tessera.worker.qualification;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

public record GrantRequest(@NotNull UUID qualificationId) {
}
