package io.tessera.worker.qualification;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/**
 * What worker-service reads of quality-service's {@code worker.scored}: one scored gold answer (for
 * exams) and the worker's running gold figures in the job and overall (for the floor dashboards).
 * The figures are absent from older producers; the explanation is ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScoredEvent(UUID workerId, UUID jobId, long itemId, boolean correct, Integer jobGoldSeen,
        Integer jobGoldCorrect, Double jobGoldAccuracy, Integer goldSeen, Integer goldCorrect, Double goldAccuracy) {
    public static final String TYPE = "worker.scored";
}
