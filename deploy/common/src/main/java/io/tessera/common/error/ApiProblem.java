package io.tessera.common.error;

import java.util.List;

/**
 * A client-visible failure, turned into an RFC 9457 problem+json body by {@link ProblemMappers}.
 * Services throw these; resources never build error responses by hand.
 */
public class ApiProblem extends RuntimeException {
    private final int status;
    private final String slug;
    private final String title;
    private final List<FieldError> errors;

    public ApiProblem(int status, String slug, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ApiProblem badRequest(String detail, List<FieldError> errors) {
        return new ApiProblem(400, "validation", "Invalid request", detail, errors);
    }

    public static ApiProblem badRequest(String field, String message) {
        return badRequest(field + ": " + message, List.of(new FieldError(field, message)));
    }

    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, "unauthorized", "Not authenticated", detail, null);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", "Forbidden", detail, null);
    }

    public static ApiProblem notFound(String what, Object id) {
        return new ApiProblem(404, "not-found", "Not found", what + " " + id + " does not exist", null);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "conflict", "Conflict", detail, null);
    }

    public static ApiProblem tooLarge(String detail) {
        return new ApiProblem(413, "too-large", "Payload too large", detail, null);
    }

    public static ApiProblem unprocessable(String detail, List<FieldError> errors) {
        return new ApiProblem(422, "unprocessable", "Label does not fit the schema", detail, errors);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
