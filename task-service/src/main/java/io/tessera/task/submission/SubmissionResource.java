package io.tessera.task.submission;

import io.tessera.common.error.ApiProblem;
import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

@Path("/api/v1/assignments/{id}/submission")
@RolesAllowed(Caller.WORKER)
public class SubmissionResource {
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 200;

    private final SubmitBatcher batcher;
    private final SubmissionService submissions;
    private final Caller caller;

    public SubmissionResource(SubmitBatcher batcher, SubmissionService submissions, Caller caller) {
        this.batcher = batcher;
        this.submissions = submissions;
        this.caller = caller;
    }

    /** 201 with the stored submission; a retry with the same Idempotency-Key gets the same 201 and body. */
    @POST
    public Response submit(@PathParam("id") UUID assignmentId, @Valid @NotNull SubmitRequest request,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH)) {
            throw ApiProblem.badRequest(IDEMPOTENCY_KEY, "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        // Stored with concurrent labels in one transaction; anything but a plain, valid, first submit on its own.
        SubmissionService.Outcome outcome = batcher.submit(caller.id(), assignmentId, request, idempotencyKey);
        if (outcome == null) {
            outcome = submissions.submit(caller.id(), assignmentId, request, idempotencyKey);
        }
        return Response.status(Response.Status.CREATED).entity(outcome.submission())
                .header(REPLAYED, outcome.replayed() ? "true" : null).build();
    }
}
