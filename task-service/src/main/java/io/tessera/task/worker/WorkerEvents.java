package io.tessera.task.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What task-service reads from {@code tessera.worker-status} (key: worker id), published by worker-service. */
public final class WorkerEvents {
    public static final String UPDATED = "worker.updated";
    public static final String BLOCKED = "worker.blocked";
    public static final String UNBLOCKED = "worker.unblocked";
    public static final String EXAM = "worker.exam";

    private WorkerEvents() {
    }

    /**
     * The worker's current vendor, qualifications and whether the account is active (a full snapshot,
     * not a delta). {@code active} absent (an older producer) means active.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Updated(UUID workerId, UUID vendorId, List<String> qualifications, Boolean active) {
        public boolean isActive() {
            return active == null || active;
        }
    }

    /** scope {@code platform}, {@code org} (with orgId) or {@code job} (with jobId); until null means indefinitely. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Blocked(UUID workerId, String scope, UUID orgId, UUID jobId, Instant until, String reason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Unblocked(UUID workerId, String scope, UUID orgId, UUID jobId) {
    }

    /**
     * worker-service concluded an exam attempt in exam job {@code jobId}: its number, and the outcome.
     * task-service opens the worker's next attempt (if worker-service allows one: retry delay, attempt
     * limit and "passed" arrive as job blocks).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Exam(UUID workerId, UUID jobId, String qualification, int attempt, int answered, int correct,
            boolean passed, int attemptsLeft, Instant nextAttemptAt) {
    }

    /** The block's target in {@code worker_block}: the org or job id, or the nil UUID for the platform. */
    static UUID target(String scope, UUID orgId, UUID jobId) {
        return switch (scope) {
            case "platform" -> new UUID(0, 0);
            case "org" -> require(orgId, "orgId");
            case "job" -> require(jobId, "jobId");
            default -> throw new IllegalArgumentException("unknown block scope " + scope);
        };
    }

    private static UUID require(UUID id, String name) {
        if (id == null) {
            throw new IllegalArgumentException("a block of this scope needs " + name);
        }
        return id;
    }
}
