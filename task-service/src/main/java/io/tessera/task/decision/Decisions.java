package io.tessera.task.decision;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** Payloads of the events quality-service sends on {@code tessera.task-decisions} (key: item id). */
public final class Decisions {
    public static final String RESOLVED = "item.resolved";
    public static final String EXTENDED = "item.extended";
    public static final String REOPENED = "item.reopened";

    private Decisions() {
    }

    /**
     * The item has its merged label; {@code labels} counts the labels it was merged from;
     * {@code mergedBy} is {@code live} or the batch algorithm (absent in older events: live).
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record Resolved(UUID jobId, long itemId, JsonNode label, double confidence, int labels, String mergedBy) {
        public String mergedByOrLive() {
            return mergedBy == null ? "live" : mergedBy;
        }
    }

    /** Payload of {@code job.completed} on {@code tessera.jobs} (key: job id), written by this service. */
    public record JobCompleted(UUID jobId, UUID orgId, java.time.Instant completedAt) {
        public static final String TYPE = "job.completed";
    }

    /** The item needs {@code requiredLabels} labels in total (capped by the job's maxOverlap). */
    public record Extended(UUID jobId, long itemId, int requiredLabels) {
    }

    /**
     * A worker's labels were rejected: the item is unresolved again and needs {@code requiredLabels}
     * slots in total, beyond maxOverlap if need be, since rejected labels do not count.
     */
    public record Reopened(UUID jobId, long itemId, int requiredLabels, UUID rejectedWorkerId) {
    }
}
