package io.tessera.worker.qualification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A qualification jobs can require, by {@link #name}; with an exam when {@link #examJobId} is set (V3). */
@Entity
@Table(name = "qualification")
public class Qualification {
    @Id
    public UUID id;
    public String name;
    public String description;
    @Column(name = "org_id")
    public UUID orgId;
    @Column(name = "created_by")
    public UUID createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "exam_job_id")
    public UUID examJobId;
    @Column(name = "training_job_id")
    public UUID trainingJobId;
    @Column(name = "pass_percent")
    public Integer passPercent;
    @Column(name = "exam_gold")
    public Integer examGold;
    @Column(name = "max_attempts")
    public Integer maxAttempts;
    @Column(name = "retry_delay_seconds")
    public Long retryDelaySeconds;

    public boolean hasExam() {
        return examJobId != null;
    }

    public Duration retryDelay() {
        return Duration.ofSeconds(retryDelaySeconds == null ? 0 : retryDelaySeconds);
    }

    /** Whether {@code correct} of {@code answered} reaches the pass mark, in exact integer arithmetic. */
    public boolean passes(int correct, int answered) {
        return answered > 0 && 100L * correct >= (long) passPercent * answered;
    }
}
