package io.tessera.worker.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What worker-service publishes on {@code tessera.worker-status} (key: worker id) for task-service's
 * view of workers. Field names are the contract in docs/events.md; task-service reads them in
 * {@code io.tessera.task.worker.WorkerEvents}.
 */
public final class WorkerStatusEvents {
    public static final String UPDATED = "worker.updated";
    public static final String BLOCKED = "worker.blocked";
    public static final String UNBLOCKED = "worker.unblocked";
    public static final String EXAM = "worker.exam";

    private WorkerStatusEvents() {
    }

    /**
     * A full snapshot of what the claim path needs: the vendor, the names of the qualifications held
     * (sorted), and whether the account is active. {@code active} was added after the contract's
     * first version; readers that do not know it ignore it.
     */
    public record Updated(UUID workerId, UUID vendorId, List<String> qualifications, boolean active) {
    }

    /** scope {@code platform}, {@code org} (orgId) or {@code job} (jobId, orgId when known); until null: indefinitely. */
    public record Blocked(UUID workerId, String scope, UUID orgId, UUID jobId, Instant until, String reason) {
    }

    public record Unblocked(UUID workerId, String scope, UUID orgId, UUID jobId) {
    }

    /**
     * An exam attempt was concluded: task-service opens the worker's next attempt in the exam job
     * {@code jobId}. Whether the worker may take it travels as a job block, written before this event.
     * {@code nextAttemptAt} is null when the next attempt may start at once or there is none.
     */
    public record Exam(UUID workerId, UUID jobId, String qualification, int attempt, int answered, int correct,
            boolean passed, int attemptsLeft, Instant nextAttemptAt) {
    }
}
