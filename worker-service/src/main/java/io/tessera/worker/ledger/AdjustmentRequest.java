package io.tessera.worker.ledger;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** An admin's correction, in cents, either sign but not zero; {@code jobId} optional context. */
public record AdjustmentRequest(
        @NotNull @Min(-10_000_000) @Max(10_000_000) Long amountCents,
        @NotBlank @Size(max = 500) String reason,
        UUID jobId) {
}
