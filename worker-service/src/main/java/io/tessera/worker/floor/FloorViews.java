package io.tessera.worker.floor;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The floor dashboards' answers. Counts are of events up to {@code at}; accuracies are quality-service's. */
public final class FloorViews {
    private FloorViews() {
    }

    /** One worker on a vendor's floor. {@code goldAccuracy} over all jobs, null before the first scored gold answer. */
    public record FloorWorker(UUID workerId, String username, String displayName, boolean active, long labelsLastHour,
            long labelsLast24h, long skipsLast24h, Instant lastLabelAt, Integer goldSeen, Double goldAccuracy,
            long activeBlocks, long fraudSignalsLast24h) {
    }

    public record VendorFloor(UUID vendorId, Instant at, long labelsLastHour, long labelsLast24h,
            List<FloorWorker> workers) {
    }

    /** One worker in a client's job: no names (a client knows workers by id); accuracy in this job. */
    public record JobWorker(UUID workerId, long labelsLastHour, long labelsLast24h, long skipsLast24h,
            Instant lastLabelAt, Integer goldSeen, Double goldAccuracy, boolean blocked) {
    }

    public record JobFloor(UUID jobId, UUID orgId, Instant at, long labelsLastHour, long labelsLast24h,
            List<JobWorker> workers) {
    }
}
