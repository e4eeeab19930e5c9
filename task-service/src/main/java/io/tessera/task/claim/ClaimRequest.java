package io.tessera.task.claim;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;

/** {@code POST /api/v1/claims}: a given job, or any running job; up to {@code max} tasks leased together. */
public record ClaimRequest(UUID jobId, @Min(1) @Max(ClaimRequest.MAX_TASKS) Integer max) {
    public static final int MAX_TASKS = 20;

    public int maxOrDefault() {
        return max == null ? 1 : max;
    }
}
