package io.tessera.task.access;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.security.PublicKey;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import java.security.PrivateKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies each bearer token once and keeps the result until the token expires. A worker sends the
 * same token with every claim and submit; checking its RS256 signature each time was about a fifth
 * of task-service's CPU per label (docs/performance.md). The cache key is the whole token text, so
 * only a byte-identical token, signature included, is ever served from it.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class CachingJwtParser implements JWTParser {
    private record Verified(JsonWebToken token, long expiresAt) {
    }

    private final DefaultJWTParser delegate;
    private final int capacity;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    public CachingJwtParser(JWTAuthContextInfo authContextInfo,
            @ConfigProperty(name = "tessera.auth.verified-token-cache-size", defaultValue = "20000") int capacity) {
        this.delegate = new DefaultJWTParser(authContextInfo);
        this.capacity = capacity;
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        long now = Instant.now().getEpochSecond(); // token expiry is wall-clock time, as the verifier's
        Verified hit = verified.get(bearerToken);
        if (hit != null && hit.expiresAt > now) {
            return hit.token;
        }
        JsonWebToken token = delegate.parse(bearerToken); // throws when invalid or expired: never cached
        if (capacity > 0) {
            if (verified.size() >= capacity) {
                verified.values().removeIf(v -> v.expiresAt <= now);
                if (verified.size() >= capacity) {
                    verified.clear(); // a flood of distinct tokens: start over rather than grow
                }
            }
            verified.put(bearerToken, new Verified(token, token.getExpirationTime()));
        }
        return token;
    }

    @Override
    public JsonWebToken parse(String bearerToken, JWTAuthContextInfo newAuthContextInfo) throws ParseException {
        return delegate.parse(bearerToken, newAuthContextInfo);
    }

    @Override
    public JsonWebToken verify(String bearerToken, PublicKey key) throws ParseException {
        return delegate.verify(bearerToken, key);
    }

    @Override
    public JsonWebToken verify(String bearerToken, SecretKey key) throws ParseException {
        return delegate.verify(bearerToken, key);
    }

    @Override
    public JsonWebToken verify(String bearerToken, String secret) throws ParseException {
        return delegate.verify(bearerToken, secret);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, PrivateKey key) throws ParseException {
        return delegate.decrypt(bearerToken, key);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, SecretKey key) throws ParseException {
        return delegate.decrypt(bearerToken, key);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, String secret) throws ParseException {
        return delegate.decrypt(bearerToken, secret);
    }

    @Override
    public JsonWebToken parseOnly(String bearerToken) throws ParseException {
        return delegate.parseOnly(bearerToken);
    }
}
