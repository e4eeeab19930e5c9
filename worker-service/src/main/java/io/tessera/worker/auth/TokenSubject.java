package io.tessera.worker.auth;

import java.util.UUID;

/**
 * Whom a token speaks for: {@code sub}, {@code upn}, one role in {@code groups}, and the tenant
 * claims {@code org} (clients) and {@code vendor} (vendor managers, floor workers) when present.
 */
public record TokenSubject(UUID subject, String upn, String group, UUID org, UUID vendor) {
}
