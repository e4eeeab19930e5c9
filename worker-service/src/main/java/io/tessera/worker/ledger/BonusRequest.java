package io.tessera.worker.ledger;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** A client's bonus for a worker's work in one of its jobs, in cents (at most 1,000,000 = 10,000.00). */
public record BonusRequest(
        @NotNull UUID jobId,
        @NotNull @Min(1) @Max(1_000_000) Long amountCents,
        @Size(max = 500) String reason) {
}
