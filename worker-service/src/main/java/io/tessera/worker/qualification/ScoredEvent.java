package io.tessera.worker.qualification;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/** What worker-service reads of quality-service's {@code worker.scored}: one scored gold answer. */
@JsonIgnoreProperties(ignoreUnknown = true) // the event carries accuracies and the explanation too
public record ScoredEvent(UUID workerId, UUID jobId, long itemId, boolean correct) {
    public static final String TYPE = "worker.scored";
}
