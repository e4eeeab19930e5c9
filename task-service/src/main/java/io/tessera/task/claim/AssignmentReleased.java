package io.tessera.task.claim;

import java.time.Instant;
import java.util.UUID;

/**
 * Payload of {@code assignment.released} on {@code tessera.submissions} (key: item id): a worker
 * skipped a task. quality-service counts skips per worker (skip streaks are a fraud signal).
 */
public record AssignmentReleased(UUID assignmentId, UUID jobId, long itemId, UUID workerId, boolean gold,
        Instant releasedAt) {
    public static final String TYPE = "assignment.released";
}
