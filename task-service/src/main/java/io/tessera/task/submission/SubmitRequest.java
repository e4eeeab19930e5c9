package io.tessera.task.submission;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** {@code POST /api/v1/assignments/{id}/submission}. The label is checked against the job's schema (422). */
public record SubmitRequest(@NotNull JsonNode label, @Min(0) @Max(86_400_000) Long durationMs) {
}
