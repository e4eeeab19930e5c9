package io.tessera.worker.qualification;

import io.tessera.worker.account.Account;
import io.tessera.worker.Actor;
import io.tessera.worker.block.Block;
import io.tessera.worker.block.BlockRepository;
import io.tessera.worker.block.Blocks;
import io.tessera.worker.status.WorkerStatus;
import io.tessera.worker.status.WorkerStatusEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Exams from quality-service's {@code worker.scored} events, in the transaction of the consumed event.
 *
 * <p>An attempt is the worker's next {@code goldPerAttempt} scored gold answers in the exam job. When it
 * is complete it passes at {@code passPercent} correct: the qualification is granted (and published).
 * Attempts and the retry delay are enforced twice: here, answers outside an allowed attempt do not
 * count; and in task-service's claim path, through a job block on the exam job (source {@code exam})
 * that lasts the retry delay after a failed attempt, and indefinitely once the worker passed or has no
 * attempts left. Every concluded attempt is published as {@code worker.exam} (after those blocks), which
 * opens the worker's next attempt in task-service. Times are the events' {@code occurredAt} (when quality-service scored the answer),
 * so a consumer that lags does not change the outcome.
 */
@ApplicationScoped
public class Exams {
    private final QualificationRepository qualifications;
    private final HoldingRepository holdings;
    private final ExamAttemptRepository attempts;
    private final QualificationService service;
    private final WorkerStatus status;
    private final Blocks blocks;
    private final BlockRepository blockRepository;

    public Exams(QualificationRepository qualifications, HoldingRepository holdings, ExamAttemptRepository attempts,
            QualificationService service, WorkerStatus status, Blocks blocks, BlockRepository blockRepository) {
        this.qualifications = qualifications;
        this.holdings = holdings;
        this.attempts = attempts;
        this.service = service;
        this.status = status;
        this.blocks = blocks;
        this.blockRepository = blockRepository;
    }

    public void onScored(ScoredEvent scored, Instant at) {
        if (scored.jobId() == null || scored.workerId() == null) {
            return;
        }
        Qualification q = qualifications.byExamJob(scored.jobId()).orElse(null);
        if (q == null) {
            return; // not an exam
        }
        Account worker = status.lock(scored.workerId()).orElse(null);
        if (worker == null) {
            return;
        }
        Holding holding = holdings.of(worker.id, q.id).orElse(null);
        if (holding != null && holding.held()) {
            return; // qualified already: later answers do not count
        }
        Instant now = at.truncatedTo(ChronoUnit.MICROS);
        List<ExamAttempt> history = attempts.of(worker.id, q.id);
        ExamAttempt attempt = history.stream().filter(a -> a.finishedAt == null).findFirst().orElse(null);
        if (attempt == null) {
            if (!mayStart(q, history, now)) {
                return; // no attempts left, or within the retry delay
            }
            attempt = new ExamAttempt();
            attempt.id = UUID.randomUUID();
            attempt.workerId = worker.id;
            attempt.qualificationId = q.id;
            attempt.number = history.size() + 1;
            attempt.startedAt = now;
            attempts.persist(attempt);
        }
        attempt.answered++;
        if (scored.correct()) {
            attempt.correct++;
        }
        if (attempt.answered >= q.examGold) {
            finish(worker, q, holding, attempt, now);
        }
    }

    private void finish(Account worker, Qualification q, Holding holding, ExamAttempt attempt, Instant now) {
        attempt.finishedAt = now;
        attempt.passed = q.passes(attempt.correct, attempt.answered);
        List<Block> earlier = blockRepository.unlifted(worker.id).stream()
                .filter(b -> Block.EXAM.equals(b.source) && q.examJobId.equals(b.jobId))
                .toList();
        String reason;
        Instant until = null;
        if (attempt.passed) {
            service.hold(worker, q, holding, Holding.EXAM, null, attempt.id);
            reason = "exam for " + q.name + " passed (" + attempt.correct + " of " + attempt.answered + ")";
        } else if (attempt.number >= q.maxAttempts) {
            reason = "exam for " + q.name + " failed " + attempt.number + " of " + q.maxAttempts + " attempts; no attempts left";
        } else if (q.retryDelaySeconds > 0) {
            until = now.plus(q.retryDelay());
            reason = "exam for " + q.name + " failed (attempt " + attempt.number + " of " + q.maxAttempts
                    + "); next attempt after " + until;
        } else {
            reason = null; // retry at once: no block
        }
        if (reason != null) {
            blocks.place(worker, Block.JOB, q.orgId, q.examJobId, until, reason, Block.EXAM, Actor.PLATFORM, null);
        }
        for (Block b : earlier) {
            blocks.lift(b, null);
        }
        int left = attempt.passed ? 0 : Math.max(0, q.maxAttempts - attempt.number);
        status.exam(new WorkerStatusEvents.Exam(worker.id, q.examJobId, q.name, attempt.number, attempt.answered,
                attempt.correct, attempt.passed, left, left > 0 ? until : null));
    }

    static boolean mayStart(Qualification q, List<ExamAttempt> history, Instant now) {
        if (history.size() >= q.maxAttempts) {
            return false;
        }
        Instant next = nextAttemptAt(q, history);
        return next == null || !now.isBefore(next);
    }

    /** When the next attempt may start after the last failed one; null if there is none. */
    static Instant nextAttemptAt(Qualification q, List<ExamAttempt> history) {
        ExamAttempt last = history.isEmpty() ? null : history.get(history.size() - 1);
        return last == null || last.finishedAt == null ? null : last.finishedAt.plus(q.retryDelay());
    }

    static ExamStatusView standing(Qualification q, List<ExamAttempt> history, Instant now) {
        boolean passed = history.stream().anyMatch(a -> Boolean.TRUE.equals(a.passed));
        int left = passed ? 0 : Math.max(0, q.maxAttempts - history.size());
        boolean open = history.stream().anyMatch(a -> a.finishedAt == null);
        Instant next = passed || left == 0 || open ? null : nextAttemptAt(q, history);
        if (next != null && !next.isAfter(now)) {
            next = null;
        }
        return new ExamStatusView(q.id, q.name, q.examJobId, q.examGold, q.passPercent, q.maxAttempts, left, passed,
                next, history.stream().map(ExamStatusView.Attempt::of).toList());
    }
}
