package io.tessera.worker.fraud;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** task-service's {@code assignment.released} on tessera.submissions: a worker skipped a task. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReleaseEvent(UUID assignmentId, UUID jobId, long itemId, UUID workerId, boolean gold,
        Instant releasedAt) {
    public static final String TYPE = "assignment.released";
}
