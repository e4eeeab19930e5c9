package io.tessera.worker.auth;

/** The OAuth-shaped answer of {@code POST /api/v1/auth/token}; {@code expiresIn} is in seconds. */
public record TokenResponse(String accessToken, String tokenType, long expiresIn) {
    public static final String BEARER = "Bearer";
}
