package io.tessera.worker.bulk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the bulk endpoints answer. */
public final class BulkViews {
    private BulkViews() {
    }

    /**
     * One created worker. {@code signUpCode} is set for rows without a password: the only time it is
     * shown; the worker redeems it once at {@code POST /api/v1/auth/sign-up} before {@code signUpCodeExpiresAt}.
     */
    public record CreatedWorker(UUID id, String username, String displayName, UUID teamId, List<String> languages,
            String country,
            String signUpCode, Instant signUpCodeExpiresAt) {
    }

    /** A reissued one-time sign-up code: shown once. */
    public record IssuedCode(UUID workerId, String username, String signUpCode, Instant signUpCodeExpiresAt) {
    }

    /** A creation batch: every row became a worker, in the order of the body. */
    public record Created(UUID vendorId, int created, int signUpCodes, List<CreatedWorker> workers) {
        public static final String CSV_HEADER = "id,username,display_name,team_id,sign_up_code,sign_up_code_expires_at";

        /** The batch as CSV (CRLF), one line per worker, for printing the codes to hand out. */
        public String csv() {
            StringBuilder out = new StringBuilder(CSV_HEADER).append("\r\n");
            for (CreatedWorker w : workers) {
                out.append(w.id()).append(',')
                        .append(io.tessera.worker.CsvCells.text(w.username())).append(',')
                        .append(io.tessera.worker.CsvCells.text(w.displayName())).append(',')
                        .append(w.teamId() == null ? "" : w.teamId().toString()).append(',')
                        .append(w.signUpCode() == null ? "" : w.signUpCode()).append(',')
                        .append(w.signUpCodeExpiresAt() == null ? "" : w.signUpCodeExpiresAt().toString()).append("\r\n");
            }
            return out.toString();
        }
    }

    /** One worker of a (de)activation batch; {@code changed} false when it already was in that state. */
    public record StatusChange(UUID id, String username, boolean active, boolean changed) {
    }

    public record StatusChanged(UUID vendorId, boolean active, int changed, int unchanged, List<StatusChange> workers) {
    }
}
