package io.tessera.worker.block;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/**
 * A manual block. {@code scope} {@code platform}, {@code org} (with {@code orgId}; a client's own
 * organisation by default) or {@code job} (with {@code jobId}); {@code until} (ISO 8601) ends it, absent
 * means until lifted.
 */
public record CreateBlockRequest(
        @NotNull @Pattern(regexp = "platform|org|job", message = "must be platform, org or job") String scope,
        UUID orgId,
        UUID jobId,
        Instant until,
        @NotBlank @Size(max = 500) String reason) {
}
