package io.tessera.worker.block;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One block of one worker in one scope (see V2__blocks.sql). Lifting keeps the row. */
@Entity
@Table(name = "worker_block")
public class Block {
    public static final String PLATFORM = "platform";
    public static final String ORG = "org";
    public static final String JOB = "job";
    public static final String MANUAL = "manual";
    public static final String VERDICT = "verdict";
    public static final String EXAM = "exam";
    public static final String FRAUD = "fraud";

    @Id
    public UUID id;
    @Column(name = "worker_id")
    public UUID workerId;
    public String scope;
    @Column(name = "org_id")
    public UUID orgId;
    @Column(name = "job_id")
    public UUID jobId;
    public Instant until;
    public String reason;
    public String source;
    @Column(name = "created_by")
    public UUID createdBy;
    @Column(name = "created_by_role")
    public String createdByRole;
    @Column(name = "created_by_vendor")
    public UUID createdByVendor;
    @Column(name = "verdict_id")
    public UUID verdictId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "lifted_at")
    public Instant liftedAt;
    @Column(name = "lifted_by")
    public UUID liftedBy;

    public boolean activeAt(Instant now) {
        return liftedAt == null && (until == null || until.isAfter(now));
    }

    /** The same scope and target (the platform, one organisation, one job) as {@code other}. */
    boolean sameTarget(Block other) {
        return scope.equals(other.scope) && switch (scope) {
            case ORG -> orgId.equals(other.orgId);
            case JOB -> jobId.equals(other.jobId);
            default -> true;
        };
    }
}
