package io.tessera.task.decision;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** Payloads of the events quality-service sends on {@code tessera.task-decisions} (key: item id). */
public final class Decisions {
    public static final String RESOLVED = "item.resolved";
    public static final String EXTENDED = "item.extended";

    private Decisions() {
    }

    /** The item has its merged label; {@code labels} counts the labels it was merged from. */
    public record Resolved(UUID jobId, long itemId, JsonNode label, double confidence, int labels) {
    }

    /** The item needs {@code requiredLabels} labels in total (capped by the job's maxOverlap). */
    public record Extended(UUID jobId, long itemId, int requiredLabels) {
    }
}
