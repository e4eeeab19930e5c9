package io.tessera.worker.org;

import jakarta.validation.constraints.Size;

/** The body is optional; {@code name} only helps people tell their keys apart. */
public record CreateApiKeyRequest(@Size(max = 100) String name) {
}
