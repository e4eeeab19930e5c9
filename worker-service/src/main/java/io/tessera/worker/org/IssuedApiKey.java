package io.tessera.worker.org;

import java.time.Instant;
import java.util.UUID;

/** The answer to creating a key: the only response that ever contains {@code apiKey}. */
public record IssuedApiKey(UUID id, UUID orgId, String keyId, String name, Instant createdAt, String apiKey) {
}
