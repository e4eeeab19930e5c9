package io.tessera.worker.pay;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** A fair-pay target in cents per hour of work (1 to 1,000,000); null removes it. */
public record FairPayRequest(@Min(1) @Max(1_000_000) Integer fairPayCentsPerHour) {
}
