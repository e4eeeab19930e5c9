package io.tessera.worker.org;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One API key of an organisation: its public id and the SHA-256 of the key, never the key. */
@Entity
@Table(name = "api_key")
public class ApiKey {
    @Id
    public UUID id;
    @Column(name = "org_id")
    public UUID orgId;
    @Column(name = "key_id")
    public String keyId;
    @Column(name = "key_hash")
    public byte[] keyHash;
    public String name;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;

    public boolean active() {
        return revokedAt == null;
    }
}
