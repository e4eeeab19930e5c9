package io.tessera.quality.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/v1/jobs/{id}/quality}: counts, per worker gold accuracy and agreement with the
 * merged labels, job-level agreement metrics, the label distribution and the job's worker model
 * (skills and confusion matrices). See docs/quality-service.md, "Reports".
 */
public record JobQuality(UUID jobId, String kind, long labels, long goldLabels, long resolvedItems, long extendedItems,
        List<WorkerRow> workers, Agreement agreement, List<LabelCount> labelDistribution, Model model) {

    /** {@code agreement} is null until one of the worker's items is resolved; {@code verdict} null unless judged. */
    public record WorkerRow(UUID workerId, long labels, long rejectedLabels, long goldSeen, long goldCorrect,
            double goldAccuracy, long comparedLabels, Double agreement, long skips, Verdict verdict) {
    }

    public record Verdict(String scope, String action, String reason, JsonNode evidence, boolean rejectLabels,
            Instant decidedAt) {
    }

    /** Job-level coefficients over the counted regular labels, and the worker pairs compared. */
    public record Agreement(List<Metric> job, Pairs pairs) {
    }

    /**
     * One coefficient; {@code value} is null when undefined, with the reason. {@code units}: items
     * with two or more answers that it used (for F1: worker pairs sharing an item; for text
     * similarity: pairs of answers).
     */
    public record Metric(String metric, Double value, String undefinedReason, int units) {
    }

    /**
     * Worker pairs with at least {@code minSharedItems} shared items, the most shared first, at most
     * {@code limit}; {@code eligiblePairs} says how many qualified (null when skipped, with {@code note}).
     */
    public record Pairs(String metric, int minSharedItems, int limit, Integer eligiblePairs, List<Pair> pairs,
            String note) {
    }

    public record Pair(String workerA, String workerB, int sharedItems, Double value, String undefinedReason) {
    }

    /** How often an answer was given, and its share of all counted answers. */
    public record LabelCount(JsonNode label, long count, double share) {
    }

    /**
     * The job's batch model over all counted labels, gold clamped: {@code labels} orders the rows and
     * columns of each confusion matrix ([true][given]) and {@code priors}; at most {@code limit} of
     * {@code workerCount} workers, the most labels first. For the kinds without confusion matrices
     * (rating, multi-label, boxes, spans, transcription) the kind's merge with its per-worker skill:
     * {@code labels}, {@code priors} and {@code confusion} are empty or null, and so are
     * {@code iterations} and {@code converged} (those merges run a fixed number of reliability rounds).
     */
    public record Model(String algorithm, String skillMeaning, boolean modelConfusion, double[] priors,
            List<JsonNode> labels, Integer iterations, Boolean converged, int workerCount, int limit,
            List<WorkerModel> workers) {
    }

    public record WorkerModel(String workerId, int labels, Double skill, double[][] confusion) {
    }
}
