package io.tessera.worker.ledger;

import io.tessera.common.event.Topics;
import io.tessera.worker.TestEvents;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** task-service's submission.created as docs/events.md describes it (key: item id). */
public final class SubmissionTestEvents {
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() / 1000);

    private SubmissionTestEvents() {
    }

    public static long nextId() {
        return IDS.incrementAndGet();
    }

    public static Map<String, Object> payload(long submissionId, UUID worker, UUID job, UUID org, int rewardCents,
            Instant submittedAt) {
        long item = nextId();
        Map<String, Object> p = new HashMap<>();
        p.put("submissionId", submissionId);
        p.put("assignmentId", UUID.randomUUID().toString());
        p.put("jobId", job.toString());
        p.put("orgId", org.toString());
        p.put("itemId", item);
        p.put("workerId", worker.toString());
        p.put("label", "pos");
        p.put("durationMs", 4200);
        p.put("gold", false);
        p.put("goldAnswer", null);
        p.put("explanation", null);
        p.put("requiredLabels", 3);
        p.put("maxOverlap", 5);
        p.put("schema", Map.of("kind", "categorical", "labels", java.util.List.of("pos", "neg")));
        p.put("rewardCents", rewardCents);
        p.put("submittedAt", submittedAt.toString());
        return p;
    }

    /** Publishes a submission; returns its event id. */
    public static UUID submit(long submissionId, UUID worker, UUID job, UUID org, int rewardCents, Instant submittedAt) {
        Map<String, Object> p = payload(submissionId, worker, job, org, rewardCents, submittedAt);
        return TestEvents.send(Topics.SUBMISSIONS, "submission.created", p.get("itemId").toString(), p);
    }

    public static UUID submit(UUID worker, UUID job, UUID org, int rewardCents) {
        return submit(nextId(), worker, job, org, rewardCents, Instant.now());
    }
}
