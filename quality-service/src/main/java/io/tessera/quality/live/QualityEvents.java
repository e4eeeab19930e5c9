package io.tessera.quality.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** Payloads quality-service publishes. Decisions go to tessera.task-decisions (key: item id), scores to tessera.worker-scores (key: worker id). */
public final class QualityEvents {
    public static final String ITEM_RESOLVED = "item.resolved";
    public static final String ITEM_EXTENDED = "item.extended";
    public static final String WORKER_SCORED = "worker.scored";
    public static final String WORKER_VERDICT = "worker.verdict";
    public static final String ITEM_REOPENED = "item.reopened";
    public static final String ASSIGNMENT_RELEASED = "assignment.released";
    public static final String WORKER_AGREEMENT = "worker.agreement";

    private QualityEvents() {
    }

    /** {@code mergedBy}: {@value #LIVE} for a live decision, else the batch algorithm that re-merged the job. */
    public record ItemResolved(UUID jobId, long itemId, JsonNode label, double confidence, int labels, String mergedBy) {
    }

    public static final String LIVE = "live";

    /** What quality-service reads of task-service's {@code job.completed} on tessera.jobs (key: job id). */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record JobCompleted(UUID jobId, UUID orgId, java.time.Instant completedAt) {
        public static final String TYPE = "job.completed";
    }

    public record ItemExtended(UUID jobId, long itemId, int requiredLabels) {
    }

    /** A blocked worker's labels were rejected: the item needs {@code requiredLabels} slots in all. */
    public record ItemReopened(UUID jobId, long itemId, int requiredLabels, UUID rejectedWorkerId) {
    }

    /** A worker broke the job's policy: block them ({@code scope} job or platform), and maybe reject their labels. */
    public record WorkerVerdict(UUID verdictId, UUID workerId, UUID jobId, UUID orgId, String scope, String action,
            String reason, java.util.Map<String, Object> evidence, boolean rejectLabels, java.time.Instant decidedAt) {
    }

    /** What quality-service reads of task-service's skip event. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record AssignmentReleased(UUID jobId, long itemId, UUID workerId, boolean gold,
            java.time.Instant releasedAt) {
    }

    /**
     * A worker answered a gold item. {@code correct} is this answer; the accuracies are Beta-smoothed
     * posterior means for the job and over all jobs; {@code explanation} is the gold item's, for feedback.
     */
    public record WorkerScored(UUID workerId, UUID jobId, long itemId, boolean correct, int jobGoldSeen,
            int jobGoldCorrect, double jobGoldAccuracy, int goldSeen, int goldCorrect, double goldAccuracy,
            String explanation) {
    }

    /**
     * A worker's agreement with the merged labels of a job's resolved items changed (or was never
     * published): {@code compared} labels on resolved items, {@code agreed} of them equal to the merged
     * label, {@code agreement} = agreed / compared (raw, not smoothed). {@code decidedUpto} is the job's
     * latest decision the count covers, {@code computedAt} when it was counted; readers keep the figures
     * with the greatest (decidedUpto, computedAt).
     */
    public record WorkerAgreement(UUID workerId, UUID jobId, UUID orgId, int compared, int agreed, double agreement,
            java.time.Instant decidedUpto, java.time.Instant computedAt) {
    }
}
