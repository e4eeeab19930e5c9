package io.tessera.worker.org;

import java.time.Instant;
import java.util.UUID;

/** An API key as listings show it: never the key, only its public {@code keyId}. */
public record ApiKeyView(UUID id, UUID orgId, String keyId, String name, Instant createdAt, Instant revokedAt) {
    static ApiKeyView of(ApiKey key) {
        return new ApiKeyView(key.id, key.orgId, key.keyId, key.name, key.createdAt, key.revokedAt);
    }
}
