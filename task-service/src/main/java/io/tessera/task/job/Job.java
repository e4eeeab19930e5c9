package io.tessera.task.job;

import io.tessera.task.schema.LabelSchema;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A client's labeling job. Items, slots and assignments are handled with plain SQL on the hot paths. */
@Entity
@Table(name = "job")
public class Job {
    @Id
    public UUID id;
    @Column(name = "org_id")
    public UUID orgId;
    public String name;
    public String instructions;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "label_schema")
    public LabelSchema schema;
    public int overlap;
    @Column(name = "max_overlap")
    public int maxOverlap;
    @Column(name = "gold_rate")
    public double goldRate;
    @Column(name = "lease_seconds")
    public int leaseSeconds;
    @Column(name = "reward_cents")
    public int rewardCents;
    public int priority;
    public JobState state;
    public Schedule schedule;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "required_qualifications")
    public String[] requiredQualifications;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "allowed_vendors")
    public UUID[] allowedVendors;
    @Column(name = "max_labels_per_worker")
    public Integer maxLabelsPerWorker;
    @Column(name = "allow_late_submit")
    public boolean allowLateSubmit;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "quality_policy")
    public QualityPolicy qualityPolicy;
    public Purpose purpose;
    @Column(name = "exam_questions")
    public Integer examQuestions;
    @Column(name = "grants_qualification")
    public String grantsQualification;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    @Version
    public long version;
}
