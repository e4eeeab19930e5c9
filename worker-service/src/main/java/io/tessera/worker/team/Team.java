package io.tessera.worker.team;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A group of one vendor's workers; a worker is in at most one team ({@code worker.team_id}). */
@Entity
@Table(name = "team")
public class Team {
    @Id
    public UUID id;
    @Column(name = "vendor_id")
    public UUID vendorId;
    public String name;
    @Column(name = "created_at")
    public Instant createdAt;
}
