package io.tessera.quality.job;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A job as quality-service learned it from submission events: enough to check who may read its reports. */
@Entity
@Table(name = "known_job")
public class KnownJob {
    @Id
    public UUID id;
    @Column(name = "org_id")
    public UUID orgId;
    public String kind;
    @Column(name = "max_overlap")
    public int maxOverlap;
    @Column(name = "first_seen")
    public Instant firstSeen;
}
