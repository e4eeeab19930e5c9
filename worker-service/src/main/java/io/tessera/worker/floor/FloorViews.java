package io.tessera.worker.floor;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The floor dashboards' answers. Counts are of events up to {@code at}; accuracies are quality-service's. */
public final class FloorViews {
    private FloorViews() {
    }

    /**
     * One worker on a vendor's floor. {@code goldAccuracy} over all jobs, null before the first scored gold
     * answer. {@code comparedLabels}: the worker's labels on resolved items (categorical and pairwise jobs),
     * {@code agreedLabels} those equal to the merged label, {@code agreement} their ratio (raw), summed over
     * the worker's jobs as quality-service last counted them; null before the first count.
     */
    public record FloorWorker(UUID workerId, String username, String displayName, UUID teamId, boolean active,
            long labelsLastHour, long labelsLast24h, long skipsLast24h, Instant lastLabelAt, Integer goldSeen,
            Integer goldCorrect, Double goldAccuracy, Long comparedLabels, Long agreedLabels, Double agreement,
            long activeBlocks, long fraudSignalsLast24h) {
    }

    /**
     * One team's sums over its workers ({@code teamId} and {@code name} null: the workers in no team).
     * {@code goldAccuracy} is pooled, {@code goldCorrect / goldSeen} over the team's scored gold answers
     * (raw, not smoothed), null before the first; {@code agreement} likewise pooled,
     * {@code agreedLabels / comparedLabels}; {@code lastLabelAt} the latest of the team.
     */
    public record TeamFloor(UUID teamId, String name, int workers, int activeWorkers, long labelsLastHour,
            long labelsLast24h, long skipsLast24h, Instant lastLabelAt, long goldSeen, long goldCorrect,
            Double goldAccuracy, long comparedLabels, long agreedLabels, Double agreement, long activeBlocks,
            long fraudSignalsLast24h) {
        static TeamFloor of(UUID teamId, String name, List<FloorWorker> members) {
            long seen = members.stream().mapToLong(w -> w.goldSeen() == null ? 0 : w.goldSeen()).sum();
            long correct = members.stream().mapToLong(w -> w.goldCorrect() == null ? 0 : w.goldCorrect()).sum();
            long compared = members.stream().mapToLong(w -> w.comparedLabels() == null ? 0 : w.comparedLabels()).sum();
            long agreed = members.stream().mapToLong(w -> w.agreedLabels() == null ? 0 : w.agreedLabels()).sum();
            return new TeamFloor(teamId, name, members.size(), (int) members.stream().filter(FloorWorker::active).count(),
                    members.stream().mapToLong(FloorWorker::labelsLastHour).sum(),
                    members.stream().mapToLong(FloorWorker::labelsLast24h).sum(),
                    members.stream().mapToLong(FloorWorker::skipsLast24h).sum(),
                    members.stream().map(FloorWorker::lastLabelAt).filter(java.util.Objects::nonNull)
                            .max(java.util.Comparator.naturalOrder()).orElse(null),
                    seen, correct, seen == 0 ? null : (double) correct / seen,
                    compared, agreed, FloorService.ratio(agreed, compared),
                    members.stream().mapToLong(FloorWorker::activeBlocks).sum(),
                    members.stream().mapToLong(FloorWorker::fraudSignalsLast24h).sum());
        }
    }

    /** {@code teamId}: the team the view was narrowed to, or null for the whole floor. */
    public record VendorFloor(UUID vendorId, UUID teamId, Instant at, long labelsLastHour, long labelsLast24h,
            List<TeamFloor> teams, List<FloorWorker> workers) {
    }

    /**
     * One worker in a client's job: no names (a client knows workers by id); accuracy and agreement in this
     * job (agreement null before quality-service first counted it).
     */
    public record JobWorker(UUID workerId, long labelsLastHour, long labelsLast24h, long skipsLast24h,
            Instant lastLabelAt, Integer goldSeen, Double goldAccuracy, Integer comparedLabels, Integer agreedLabels,
            Double agreement, boolean blocked) {
    }

    public record JobFloor(UUID jobId, UUID orgId, Instant at, long labelsLastHour, long labelsLast24h,
            List<JobWorker> workers) {
    }
}
