package io.tessera.worker.worker;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Changes to a worker's profile: a field that is absent (or null) stays as it is; {@code languages}
 * replaces the list ({@code []} empties it). The rules are those of creation.
 */
public record UpdateProfileRequest(
        @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String displayName,
        @Size(max = 20) List<@NotNull @Pattern(regexp = CreateWorkerRequest.LANGUAGE,
                message = CreateWorkerRequest.LANGUAGE_MESSAGE) String> languages,
        @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as DE") String country) {
}
