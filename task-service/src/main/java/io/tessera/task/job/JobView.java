package io.tessera.task.job;

import io.tessera.task.schema.LabelSchema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A job as its client sees it, with progress derived from the items at read time. */
public record JobView(UUID id, String name, String instructions, LabelSchema schema, int overlap, int maxOverlap,
        double goldRate, int leaseSeconds, int rewardCents, int priority, Schedule schedule,
        List<String> requiredQualifications, List<UUID> allowedVendors, Integer maxLabelsPerWorker,
        boolean allowLateSubmit, QualityPolicy quality, Purpose purpose, Integer examQuestions,
        String grantsQualification, JobState state, Instant createdAt, Instant startedAt, Instant finishedAt,
        Progress progress) {

    public record Progress(long items, long resolvedItems, long goldItems, long labels, long goldLabels,
            long activeLeases) {
    }

    static JobView of(Job job, Progress progress) {
        return new JobView(job.id, job.name, job.instructions, job.schema, job.overlap, job.maxOverlap, job.goldRate,
                job.leaseSeconds, job.rewardCents, job.priority, job.schedule, List.of(job.requiredQualifications),
                List.of(job.allowedVendors), job.maxLabelsPerWorker, job.allowLateSubmit, job.qualityPolicy, job.purpose,
                job.examQuestions, job.grantsQualification, job.state, job.createdAt,
                job.startedAt, job.finishedAt, progress);
    }
}
