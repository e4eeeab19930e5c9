package io.tessera.quality.report;

import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/v1/jobs/{id}/quality}: per worker, gold accuracy (Beta-smoothed) and agreement
 * with the merged labels of resolved items.
 */
public record JobQuality(UUID jobId, long labels, long goldLabels, long resolvedItems, long extendedItems,
        List<WorkerRow> workers) {

    /** {@code agreement} is null until one of the worker's items is resolved; {@code verdict} null unless judged. */
    public record WorkerRow(UUID workerId, long labels, long rejectedLabels, long goldSeen, long goldCorrect,
            double goldAccuracy, long comparedLabels, Double agreement, long skips, Verdict verdict) {
    }

    public record Verdict(String scope, String action, String reason, com.fasterxml.jackson.databind.JsonNode evidence,
            boolean rejectLabels, java.time.Instant decidedAt) {
    }
}
