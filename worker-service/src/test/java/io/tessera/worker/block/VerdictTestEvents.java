package io.tessera.worker.block;

import io.tessera.common.event.Topics;
import io.tessera.worker.TestEvents;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** quality-service's worker.verdict as the contract in docs/events.md describes it. */
public final class VerdictTestEvents {
    private VerdictTestEvents() {
    }

    public static Map<String, Object> payload(UUID verdictId, UUID worker, UUID job, UUID org, String scope,
            boolean rejectLabels) {
        Map<String, Object> p = new HashMap<>();
        p.put("verdictId", verdictId.toString());
        p.put("workerId", worker.toString());
        p.put("jobId", job.toString());
        p.put("orgId", org.toString());
        p.put("scope", scope);
        p.put("action", "block");
        p.put("reason", "gold accuracy 0.31 below 0.60");
        p.put("evidence", Map.of("goldSeen", 16, "goldCorrect", 5, "threshold", 0.6));
        p.put("rejectLabels", rejectLabels);
        p.put("decidedAt", Instant.now().toString());
        p.put("someFutureField", "readers ignore it");
        return p;
    }

    public static UUID verdict(UUID verdictId, UUID worker, UUID job, UUID org, String scope, boolean rejectLabels) {
        return TestEvents.send(Topics.WORKER_SCORES, "worker.verdict", worker.toString(),
                payload(verdictId, worker, job, org, scope, rejectLabels));
    }
}
