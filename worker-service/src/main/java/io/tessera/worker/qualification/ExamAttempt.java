package io.tessera.worker.qualification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One attempt at a qualification's exam: counts scored gold answers until the exam's gold count. */
@Entity
@Table(name = "exam_attempt")
public class ExamAttempt {
    @Id
    public UUID id;
    @Column(name = "worker_id")
    public UUID workerId;
    @Column(name = "qualification_id")
    public UUID qualificationId;
    public int number;
    @Column(name = "started_at")
    public Instant startedAt;
    public int answered;
    public int correct;
    @Column(name = "finished_at")
    public Instant finishedAt;
    public Boolean passed;
}
