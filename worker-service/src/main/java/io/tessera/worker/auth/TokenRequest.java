package io.tessera.worker.auth;

import io.tessera.common.error.FieldError;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * Either {@code {username, password}} (admins, vendor managers, workers) or {@code {apiKey}} (clients).
 * The sizes are generous bounds, not the password policy: sign-in never tells which rule a stored
 * password would break.
 */
public record TokenRequest(@Size(max = 256) String username, @Size(max = 1024) String password,
        @Size(max = 256) String apiKey) {

    public boolean byApiKey() {
        return apiKey != null;
    }

    /** Field problems Bean Validation cannot express: exactly one of the two credential forms. */
    List<FieldError> shapeProblems() {
        List<FieldError> errors = new ArrayList<>();
        if (apiKey != null) {
            if (username != null || password != null) {
                errors.add(new FieldError("apiKey", "give either apiKey, or username and password, not both"));
            } else if (apiKey.isBlank()) {
                errors.add(new FieldError("apiKey", "must not be blank"));
            }
            return errors;
        }
        if (username == null || username.isBlank()) {
            errors.add(new FieldError("username", "must not be blank"));
        }
        if (password == null || password.isEmpty()) {
            errors.add(new FieldError("password", "must not be empty"));
        }
        return errors;
    }

    /** Never print credentials, not even in a debug log. */
    @Override
    public String toString() {
        return "TokenRequest[" + (byApiKey() ? "apiKey" : "username=" + username) + "]";
    }
}
