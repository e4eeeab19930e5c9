package io.tessera.worker.vendor;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A labeling vendor (the JWT {@code vendor} claim of its managers and floor workers). */
@Entity
@Table(name = "vendor")
public class Vendor {
    @Id
    public UUID id;
    public String name;
    @Column(name = "created_at")
    public Instant createdAt;
    /** The floor's networks in canonical CIDR form; empty: the vendor's workers sign in from anywhere. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> networks;
}
