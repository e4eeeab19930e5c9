package io.tessera.quality.report;

import java.util.List;
import java.util.UUID;

/** {@code GET /api/v1/workers/{id}/scores}: gold accuracy overall and per job the caller may see. */
public record WorkerScores(UUID workerId, long goldSeen, long goldCorrect, double goldAccuracy, List<JobScore> jobs) {

    public record JobScore(UUID jobId, long goldSeen, long goldCorrect, double goldAccuracy) {
    }
}
