package io.tessera.worker.floor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * What worker-service reads of quality-service's {@code worker.agreement}: a worker's agreement with
 * the merged labels of one job's resolved items ({@code compared} labels, {@code agreed} of them equal
 * to the merged label), counted over the job's decisions up to {@code decidedUpto} at {@code computedAt}.
 * The rate is recomputed here from the counts, so {@code agreement} is not read.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgreementEvent(UUID workerId, UUID jobId, UUID orgId, Integer compared, Integer agreed,
        Instant decidedUpto, Instant computedAt) {
    public static final String TYPE = "worker.agreement";
}
