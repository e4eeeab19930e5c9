package io.tessera.worker.org;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A client organisation: the tenant of jobs in task-service (the JWT {@code org} claim). */
@Entity
@Table(name = "client_org")
public class ClientOrg {
    @Id
    public UUID id;
    public String name;
    @Column(name = "created_at")
    public Instant createdAt;
}
