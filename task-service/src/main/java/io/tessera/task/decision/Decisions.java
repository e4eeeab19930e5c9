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

    /** The item has its merged label; {@code labels} counts the labels it was merged from. */
    public record Resolved(UUID jobId, long itemId, JsonNode label, double confidence, int labels) {
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
