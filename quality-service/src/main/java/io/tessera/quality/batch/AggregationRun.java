package io.tessera.quality.batch;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A batch merge of a job's counted labels. {@code changed} counts resolved items whose label the
 * batch merge changed against the live decision; with {@code published} those went to task-service.
 */
public record AggregationRun(UUID id, UUID jobId, String algorithm, int iterations, boolean converged, int items,
        int changed, boolean published, Instant createdAt, List<WorkerSkill> workers, List<ItemLabel> labels) {

    /** {@code skill} is null where the algorithm cannot estimate it (a worker who shares no item). */
    public record WorkerSkill(String workerId, Double skill) {
    }

    /** {@code liveLabel} is the live decision, null while the item is undecided. */
    public record ItemLabel(long itemId, String label, double confidence, String liveLabel) {
    }
}
