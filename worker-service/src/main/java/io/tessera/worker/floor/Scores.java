package io.tessera.worker.floor;

import io.tessera.worker.qualification.ScoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;

/**
 * Keeps the latest gold figures of each worker (overall and per job) from {@code worker.scored}. An
 * older event arriving late does not overwrite a newer one ({@code occurredAt}).
 */
@ApplicationScoped
public class Scores {
    private static final String WORKER = """
            INSERT INTO worker_score (worker_id, gold_seen, gold_correct, gold_accuracy, scored_at)
            VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (worker_id) DO UPDATE SET gold_seen = EXCLUDED.gold_seen, gold_correct = EXCLUDED.gold_correct,
                gold_accuracy = EXCLUDED.gold_accuracy, scored_at = EXCLUDED.scored_at
            WHERE worker_score.scored_at <= EXCLUDED.scored_at""";
    private static final String WORKER_JOB = """
            INSERT INTO worker_job_score (worker_id, job_id, gold_seen, gold_correct, gold_accuracy, scored_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT (worker_id, job_id) DO UPDATE SET gold_seen = EXCLUDED.gold_seen,
                gold_correct = EXCLUDED.gold_correct, gold_accuracy = EXCLUDED.gold_accuracy, scored_at = EXCLUDED.scored_at
            WHERE worker_job_score.scored_at <= EXCLUDED.scored_at""";

    private final EntityManager em;

    public Scores(EntityManager em) {
        this.em = em;
    }

    public void scored(ScoredEvent s, Instant at) {
        if (s.workerId() == null) {
            return;
        }
        if (s.goldSeen() != null && s.goldCorrect() != null && s.goldAccuracy() != null) {
            em.createNativeQuery(WORKER)
                    .setParameter(1, s.workerId())
                    .setParameter(2, s.goldSeen())
                    .setParameter(3, s.goldCorrect())
                    .setParameter(4, s.goldAccuracy())
                    .setParameter(5, at)
                    .executeUpdate();
        }
        if (s.jobId() != null && s.jobGoldSeen() != null && s.jobGoldCorrect() != null && s.jobGoldAccuracy() != null) {
            em.createNativeQuery(WORKER_JOB)
                    .setParameter(1, s.workerId())
                    .setParameter(2, s.jobId())
                    .setParameter(3, s.jobGoldSeen())
                    .setParameter(4, s.jobGoldCorrect())
                    .setParameter(5, s.jobGoldAccuracy())
                    .setParameter(6, at)
                    .executeUpdate();
        }
    }
}
