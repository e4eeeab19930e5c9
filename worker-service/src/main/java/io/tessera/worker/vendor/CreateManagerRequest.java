package io.tessera.worker.vendor;

import io.tessera.worker.account.Passwords;
import io.tessera.worker.account.Usernames;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A vendor manager's account; {@code displayName} defaults to the username. */
public record CreateManagerRequest(
        @NotNull @Pattern(regexp = Usernames.PATTERN, message = Usernames.PATTERN_MESSAGE) String username,
        @NotNull @Size(min = Passwords.MIN_LENGTH, max = Passwords.MAX_LENGTH) String password,
        @Size(max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String displayName) {
}
