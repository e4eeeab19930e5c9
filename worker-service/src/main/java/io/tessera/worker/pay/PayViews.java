package io.tessera.worker.pay;

import java.time.Instant;
import java.util.UUID;

public final class PayViews {
    private PayViews() {
    }

    /** A target as stored: {@code jobId} null for an organisation's default; {@code fairPayCentsPerHour} null: none. */
    public record Target(UUID orgId, UUID jobId, Integer fairPayCentsPerHour, Instant setAt) {
    }

    /**
     * What a job pays per hour of work, from its submissions so far. {@code effectiveCentsPerHour} is
     * the median over the labels with a reported duration of {@code rewardCents × 3,600,000 / durationMs}
     * (cents, rounded down); {@code medianDurationMs} and {@code rewardCentsPerLabel} (the median reward)
     * are its ingredients. The target is the job's, else the organisation's ({@code targetSource}).
     * {@code belowTarget}, {@code shortfallCentsPerHour} and {@code labelsBelowTargetPercent} are null
     * without a target or without timed labels; {@code warning} says it in words.
     */
    public record JobPay(UUID jobId, UUID orgId, Instant at, long submissions, long timedSubmissions,
            Integer rewardCentsPerLabel, Long medianDurationMs, Long effectiveCentsPerHour, Integer fairPayCentsPerHour,
            String targetSource, Boolean belowTarget, Long shortfallCentsPerHour, Double labelsBelowTargetPercent,
            String warning) {
    }
}
