package io.tessera.worker.team;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** Request bodies of the team endpoints. */
public final class TeamRequests {
    private TeamRequests() {
    }

    /** A team's name: 1 to 100 characters, no control characters; unique per vendor, case-insensitively. */
    public record Name(@NotBlank @Size(max = 100) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
            String name) {
    }

    /** Workers to add to a team (each leaves the team they were in): at most 10,000 ids. */
    public record Members(@NotNull @Size(min = 1, max = 10_000) List<@NotNull UUID> workerIds) {
    }
}
