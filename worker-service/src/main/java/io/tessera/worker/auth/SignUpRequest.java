package io.tessera.worker.auth;

import io.tessera.worker.account.Passwords;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Redeems a one-time sign-up code (from a bulk creation) and sets the account's password:
 * {@code password} must meet the password policy, the other two are only bounded.
 */
public record SignUpRequest(@NotBlank @Size(max = 256) String username, @NotBlank @Size(max = 64) String code,
        @NotNull @Size(min = Passwords.MIN_LENGTH, max = Passwords.MAX_LENGTH) String password) {

    /** Never print credentials, not even in a debug log. */
    @Override
    public String toString() {
        return "SignUpRequest[username=" + username + "]";
    }
}
