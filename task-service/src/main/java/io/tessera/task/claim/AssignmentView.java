package io.tessera.task.claim;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.task.schema.LabelSchema;
import java.time.Instant;
import java.util.UUID;

/** What a worker gets for one leased task. Identical in shape for gold and regular items. */
public record AssignmentView(UUID assignmentId, UUID jobId, JsonNode data, LabelSchema schema, String instructions,
        Instant leaseExpiresAt) {
}
