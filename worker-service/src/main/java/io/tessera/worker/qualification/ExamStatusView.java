package io.tessera.worker.qualification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where a worker stands with one exam: their attempts, whether they passed, and when they may start
 * the next attempt ({@code null} when they may now, or never again: see {@code attemptsLeft}).
 */
public record ExamStatusView(UUID qualificationId, String name, UUID examJobId, int goldPerAttempt, int passPercent,
        int maxAttempts, int attemptsLeft, boolean passed, Instant nextAttemptAt, List<Attempt> attempts) {

    public record Attempt(int number, Instant startedAt, int answered, int correct, Instant finishedAt,
            Boolean passed) {
        static Attempt of(ExamAttempt a) {
            return new Attempt(a.number, a.startedAt, a.answered, a.correct, a.finishedAt, a.passed);
        }
    }
}
