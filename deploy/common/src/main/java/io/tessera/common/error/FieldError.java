package io.tessera.common.error;

/** One problem with one field of a request: which field (a JSON path such as {@code items[3].data}) and why. */
public record FieldError(String field, String message) {
}
