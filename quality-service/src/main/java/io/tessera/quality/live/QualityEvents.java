package io.tessera.quality.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** Payloads quality-service publishes. Decisions go to tessera.task-decisions (key: item id), scores to tessera.worker-scores (key: worker id). */
public final class QualityEvents {
    public static final String ITEM_RESOLVED = "item.resolved";
    public static final String ITEM_EXTENDED = "item.extended";
    public static final String WORKER_SCORED = "worker.scored";

    private QualityEvents() {
    }

    public record ItemResolved(UUID jobId, long itemId, JsonNode label, double confidence, int labels) {
    }

    public record ItemExtended(UUID jobId, long itemId, int requiredLabels) {
    }

    /**
     * A worker answered a gold item. {@code correct} is this answer; the accuracies are Beta-smoothed
     * posterior means for the job and over all jobs; {@code explanation} is the gold item's, for feedback.
     */
    public record WorkerScored(UUID workerId, UUID jobId, long itemId, boolean correct, int jobGoldSeen,
            int jobGoldCorrect, double jobGoldAccuracy, int goldSeen, int goldCorrect, double goldAccuracy,
            String explanation) {
    }
}
