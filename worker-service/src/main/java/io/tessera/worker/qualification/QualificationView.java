package io.tessera.worker.qualification;

import java.time.Instant;
import java.util.UUID;

/** A qualification; {@code orgId} null for a platform one (defined by an admin); {@code exam} null without an exam. */
public record QualificationView(UUID id, String name, String description, UUID orgId, Instant createdAt,
        ExamView exam) {

    /** {@code retryDelay} as ISO 8601 ({@code PT24H}). */
    public record ExamView(UUID jobId, UUID trainingJobId, int passPercent, int goldPerAttempt, int maxAttempts,
            String retryDelay) {
    }

    static QualificationView of(Qualification q) {
        ExamView exam = q.hasExam() ? new ExamView(q.examJobId, q.trainingJobId, q.passPercent, q.examGold,
                q.maxAttempts, q.retryDelay().toString()) : null;
        return new QualificationView(q.id, q.name, q.description, q.orgId, q.createdAt, exam);
    }
}
