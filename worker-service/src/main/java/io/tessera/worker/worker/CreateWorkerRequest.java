package io.tessera.worker.worker;

import io.tessera.worker.account.Passwords;
import io.tessera.worker.account.Usernames;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * A new worker. {@code vendorId} puts the worker on a vendor's floor (a vendor manager may only
 * name their own vendor, and gets it by default); {@code languages} are BCP 47 tags such as
 * {@code en} or {@code pt-BR}; {@code country} is ISO 3166-1 alpha-2.
 */
public record CreateWorkerRequest(
        @NotNull @Pattern(regexp = Usernames.PATTERN, message = Usernames.PATTERN_MESSAGE) String username,
        @NotNull @Size(min = Passwords.MIN_LENGTH, max = Passwords.MAX_LENGTH) String password,
        @NotBlank @Size(max = 200) String displayName,
        UUID vendorId,
        @Size(max = 20) List<@NotNull @Pattern(regexp = LANGUAGE, message = LANGUAGE_MESSAGE) String> languages,
        @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as DE") String country) {

    static final String LANGUAGE = "[a-z]{2,3}(-[A-Za-z0-9]{2,8})*";
    static final String LANGUAGE_MESSAGE = "must be a language tag such as en or pt-BR";
}
