package io.tessera.worker.fraud;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.worker.Timestamps;
import io.tessera.worker.ledger.SubmissionEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Records the facts fraud signals are computed from, in the caller's transaction: one append-only
 * row per submission or skip (so consumer threads never contend on a shared row), and workers'
 * sign-in addresses. A fact seen twice (the same submission under two event ids) is kept once.
 */
@ApplicationScoped
public class Activity {
    private static final String RECORD = """
            INSERT INTO activity (worker_id, job_id, type, ref, label_kind, label_hash, duration_ms, gold, at, recorded_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            ON CONFLICT (type, ref) DO NOTHING""";
    private static final String SIGN_IN = "INSERT INTO sign_in (account_id, address, at) VALUES (?1, ?2, ?3)";

    private final EntityManager em;
    private final Clock clock;

    public Activity(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    public void submitted(SubmissionEvent s) {
        Instant now = Timestamps.now(clock);
        record(s.workerId(), s.jobId(), "submit", Long.toString(s.submissionId()), s.labelKind(), hash(s.label()),
                s.durationMs(), s.gold(), s.submittedAt() == null ? now : s.submittedAt(), now);
    }

    public void skipped(ReleaseEvent r) {
        if (r.assignmentId() == null || r.workerId() == null || r.jobId() == null) {
            throw new IllegalArgumentException("assignment.released needs assignmentId, workerId and jobId");
        }
        Instant now = Timestamps.now(clock);
        record(r.workerId(), r.jobId(), "skip", r.assignmentId().toString(), null, null, null, r.gold(),
                r.releasedAt() == null ? now : r.releasedAt(), now);
    }

    /** A worker signed in from {@code address} (already resolved through trusted proxies). */
    public void signedIn(UUID accountId, String address) {
        em.createNativeQuery(SIGN_IN)
                .setParameter(1, accountId)
                .setParameter(2, address)
                .setParameter(3, Timestamps.now(clock))
                .executeUpdate();
    }

    private void record(UUID worker, UUID job, String type, String ref, String kind, Long labelHash, Long durationMs,
            boolean gold, Instant at, Instant now) {
        em.createNativeQuery(RECORD)
                .setParameter(1, worker)
                .setParameter(2, job)
                .setParameter(3, type)
                .setParameter(4, ref)
                .setParameter(5, kind)
                .setParameter(6, labelHash)
                .setParameter(7, durationMs)
                .setParameter(8, gold)
                .setParameter(9, at)
                .setParameter(10, now)
                .executeUpdate();
    }

    /** 64 bits of SHA-256 of the label's JSON: equal labels, equal hashes; distinct ones practically never. */
    static Long hash(JsonNode label) {
        if (label == null || label.isNull() || label.isMissingNode()) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(label.toString().getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
