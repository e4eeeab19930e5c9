package io.tessera.worker.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * Someone who signs in with a password: an admin, a vendor manager or a worker. The id is the JWT
 * subject. Never leaves the service layer: it carries the password hash.
 */
@Entity
@Table(name = "account")
public class Account {
    @Id
    public UUID id;
    /** Always lower-case (see {@link Usernames}). */
    public String username;
    @Column(name = "password_hash")
    public String passwordHash;
    public Role role;
    @Column(name = "vendor_id")
    public UUID vendorId;
    @Column(name = "display_name")
    public String displayName;
    public boolean active;
    @Column(name = "created_at")
    public Instant createdAt;

    public boolean isWorker() {
        return role == Role.WORKER;
    }
}
