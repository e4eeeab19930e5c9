package io.tessera.worker.qualification;

import java.time.Instant;
import java.util.UUID;

/**
 * A qualification a worker holds, as a certificate: what, since when, and how it was earned
 * ({@code source} {@code grant} by an admin, or {@code exam} with the passing attempt's score).
 */
public record CertificateView(UUID workerId, UUID qualificationId, String name, String description,
        Instant grantedAt, String source, ExamScore exam) {

    public record ExamScore(int attempt, int correct, int answered) {
    }

    static CertificateView of(Holding h, Qualification q, ExamAttempt passing) {
        ExamScore score = passing == null ? null : new ExamScore(passing.number, passing.correct, passing.answered);
        return new CertificateView(h.workerId, q.id, q.name, q.description, h.grantedAt, h.source, score);
    }
}
