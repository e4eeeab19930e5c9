package io.tessera.worker.qualification;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.UUID;

/**
 * A new qualification. {@code name} is what jobs list in {@code requiredQualifications}: 1 to 100 of
 * {@code a-z 0-9 . _ -}, starting with a letter or digit, unique on the platform. {@code exam} makes
 * it earnable by passing an exam job.
 */
public record CreateQualificationRequest(
        @NotNull @Pattern(regexp = NAME, message = NAME_MESSAGE) String name,
        @Size(max = 2000) String description,
        @Valid Exam exam) {

    static final String NAME = "[a-z0-9][a-z0-9._-]{0,99}";
    static final String NAME_MESSAGE = "must be 1 to 100 of a-z 0-9 . _ - starting with a letter or digit";

    /**
     * The exam: {@code goldPerAttempt} scored gold answers of job {@code jobId} make an attempt, which
     * passes at {@code passPercent} correct; at most {@code maxAttempts} attempts, {@code retryDelay}
     * (ISO 8601, {@code PT24H}) after a failed one. {@code trainingJobId} names the job to practise on.
     */
    public record Exam(
            @NotNull UUID jobId,
            UUID trainingJobId,
            @NotNull @Min(1) @Max(100) Integer passPercent,
            @NotNull @Min(1) @Max(1000) Integer goldPerAttempt,
            @NotNull @Min(1) @Max(100) Integer maxAttempts,
            @NotNull Duration retryDelay) {
    }
}
