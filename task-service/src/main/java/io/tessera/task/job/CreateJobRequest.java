package io.tessera.task.job;

import io.tessera.task.schema.LabelSchema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/v1/jobs}. Omitted optional fields take the defaults documented in docs/task-service.md.
 * {@code overlap} is required for labeling jobs; exam and training jobs (gold only) take none of the
 * fields about regular items (JobService names the ones that do not fit the purpose).
 */
public record CreateJobRequest(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 20_000) String instructions,
        @NotNull LabelSchema schema,
        @Min(1) @Max(50) Integer overlap,
        @Min(1) @Max(100) Integer maxOverlap,
        @DecimalMin("0.0") @DecimalMax(value = "0.9") Double goldRate,
        @Min(10) @Max(86_400) Integer leaseSeconds,
        @Min(0) @Max(1_000_000) Integer rewardCents,
        @Min(-1000) @Max(1000) Integer priority,
        String schedule,
        @Size(max = 20) List<@NotBlank @Size(max = 100) String> requiredQualifications,
        @Size(max = 100) List<@NotNull UUID> allowedVendors,
        @Min(1) @Max(10_000_000) Integer maxLabelsPerWorker,
        Boolean allowLateSubmit,
        @Valid QualityPolicy quality,
        String purpose,
        @Min(1) @Max(10_000) Integer examQuestions,
        @Size(min = 1, max = 100) String grantsQualification) {

    public static final int DEFAULT_LEASE_SECONDS = 600;
}
