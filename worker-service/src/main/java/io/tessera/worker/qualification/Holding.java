package io.tessera.worker.qualification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A worker's qualification: granted by an admin or earned in an exam; revoking keeps the row. */
@Entity
@Table(name = "worker_qualification")
public class Holding {
    public static final String GRANT = "grant";
    public static final String EXAM = "exam";

    @Id
    public UUID id;
    @Column(name = "worker_id")
    public UUID workerId;
    @Column(name = "qualification_id")
    public UUID qualificationId;
    @Column(name = "granted_at")
    public Instant grantedAt;
    public String source;
    @Column(name = "granted_by")
    public UUID grantedBy;
    @Column(name = "exam_attempt_id")
    public UUID examAttemptId;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "revoked_by")
    public UUID revokedBy;

    public boolean held() {
        return revokedAt == null;
    }
}
