package io.tessera.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The RFC 9457 body. {@code type} is a stable URN per kind of problem; {@code errors} lists field problems. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static String typeOf(String slug) {
        return "urn:tessera:problem:" + slug;
    }
}
