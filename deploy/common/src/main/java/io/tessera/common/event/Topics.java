package io.tessera.common.event;

import java.util.Map;

/**
 * Every Kafka topic of the platform, with the partition count the local stack creates it with.
 * Item-level events are keyed by item id, worker-level events by worker id.
 */
public final class Topics {
    /** task-service → quality-service: a worker submitted a label (key: item id). */
    public static final String SUBMISSIONS = "tessera.submissions";
    /** quality-service → task-service: an item is resolved or needs more labels (key: item id). */
    public static final String TASK_DECISIONS = "tessera.task-decisions";
    /** quality-service → worker-service: gold scores, agreement figures and verdicts of a worker (key: worker id). */
    public static final String WORKER_SCORES = "tessera.worker-scores";
    /** worker-service → task-service: a worker was created, blocked, unblocked (key: worker id). */
    public static final String WORKER_STATUS = "tessera.worker-status";
    /** task-service → quality-service: a job's lifecycle, e.g. it completed (key: job id). */
    public static final String JOBS = "tessera.jobs";

    /** Partitions per topic: submissions carry the heavy traffic and bound quality-service's parallelism. */
    public static final Map<String, Integer> PARTITIONS = Map.of(
            SUBMISSIONS, 12,
            TASK_DECISIONS, 12,
            WORKER_SCORES, 6,
            WORKER_STATUS, 6,
            JOBS, 3);

    private Topics() {
    }
}
