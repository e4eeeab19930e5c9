package io.tessera.common.security;

import io.tessera.common.error.ApiProblem;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, read from the verified JWT: subject, roles ({@code groups}) and the tenant claims
 * {@code org} (clients) and {@code vendor} (vendor managers and floor workers).
 */
@RequestScoped
public class Caller {
    public static final String ADMIN = "admin";
    public static final String CLIENT = "client";
    public static final String VENDOR = "vendor";
    public static final String WORKER = "worker";
    public static final String ORG_CLAIM = "org";
    public static final String VENDOR_CLAIM = "vendor";

    private final JsonWebToken jwt;

    public Caller(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public UUID id() {
        return UUID.fromString(jwt.getSubject());
    }

    public boolean is(String role) {
        return jwt.getGroups().contains(role);
    }

    /** The caller's client organisation; a client token without one is refused. */
    public UUID org() {
        return claim(ORG_CLAIM).orElseThrow(() -> ApiProblem.forbidden("The token carries no organisation"));
    }

    public Optional<UUID> vendor() {
        return claim(VENDOR_CLAIM);
    }

    private Optional<UUID> claim(String name) {
        Object value = jwt.getClaim(name);
        if (value == null) {
            return Optional.empty();
        }
        String text = value.toString().replace("\"", "");
        return text.isBlank() ? Optional.empty() : Optional.of(UUID.fromString(text));
    }
}
