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
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Records the facts fraud signals are computed from, in the caller's transaction: one append-only
 * row per submission or skip (so consumer threads never contend on a shared row), and workers'
 * sign-in addresses. A fact seen twice (the same submission under two event ids) is kept once.
 */
@ApplicationScoped
public class Activity {
    private static final String RECORD = """
            INSERT INTO activity (worker_id, job_id, type, ref, label_kind, label_hash, duration_ms, gold, at, recorded_at)
            SELECT *, ?::timestamptz
            FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::boolean[],
                        ?::timestamptz[])
            ON CONFLICT (type, ref) DO NOTHING""";
    private static final String SIGN_IN = "INSERT INTO sign_in (account_id, address, at) VALUES (?1, ?2, ?3)";

    private final EntityManager em;
    private final Clock clock;

    public Activity(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** Records submissions, in one statement. */
    public void submitted(List<SubmissionEvent> submissions) {
        Instant now = Timestamps.now(clock);
        Facts facts = new Facts(submissions.size());
        for (SubmissionEvent s : submissions) {
            facts.add(s.workerId(), s.jobId(), "submit", Long.toString(s.submissionId()), s.labelKind(),
                    hash(s.label()), s.durationMs(), s.gold(), s.submittedAt() == null ? now : s.submittedAt());
        }
        facts.insert(now);
    }

    /** Records skips, in one statement. */
    public void skipped(List<ReleaseEvent> releases) {
        Instant now = Timestamps.now(clock);
        Facts facts = new Facts(releases.size());
        for (ReleaseEvent r : releases) {
            if (r.assignmentId() == null || r.workerId() == null || r.jobId() == null) {
                throw new IllegalArgumentException("assignment.released needs assignmentId, workerId and jobId");
            }
            facts.add(r.workerId(), r.jobId(), "skip", r.assignmentId().toString(), null, null, null, r.gold(),
                    r.releasedAt() == null ? now : r.releasedAt());
        }
        facts.insert(now);
    }

    /** A worker signed in from {@code address} (already resolved through trusted proxies). */
    public void signedIn(UUID accountId, String address) {
        em.createNativeQuery(SIGN_IN)
                .setParameter(1, accountId)
                .setParameter(2, address)
                .setParameter(3, Timestamps.now(clock))
                .executeUpdate();
    }

    /** Rows of {@code activity}, column by column, for one multi-row insert. */
    private final class Facts {
        private final List<Object> workers;
        private final List<Object> jobs;
        private final List<Object> types;
        private final List<Object> refs;
        private final List<Object> kinds;
        private final List<Object> hashes;
        private final List<Object> durations;
        private final List<Object> golds;
        private final List<Object> ats;

        Facts(int size) {
            workers = new ArrayList<>(size);
            jobs = new ArrayList<>(size);
            types = new ArrayList<>(size);
            refs = new ArrayList<>(size);
            kinds = new ArrayList<>(size);
            hashes = new ArrayList<>(size);
            durations = new ArrayList<>(size);
            golds = new ArrayList<>(size);
            ats = new ArrayList<>(size);
        }

        void add(UUID worker, UUID job, String type, String ref, String kind, Long labelHash, Long durationMs,
                boolean gold, Instant at) {
            workers.add(worker);
            jobs.add(job);
            types.add(type);
            refs.add(ref);
            kinds.add(kind);
            hashes.add(labelHash);
            durations.add(durationMs);
            golds.add(gold);
            ats.add(at.toString()); // ISO-8601 with its zone: read exactly by ::timestamptz[]
        }

        void insert(Instant now) {
            if (workers.isEmpty()) {
                return;
            }
            em.unwrap(Session.class).doWork(c -> {
                try (PreparedStatement q = c.prepareStatement(RECORD)) {
                    q.setTimestamp(1, Timestamp.from(now));
                    q.setArray(2, c.createArrayOf("uuid", workers.toArray()));
                    q.setArray(3, c.createArrayOf("uuid", jobs.toArray()));
                    q.setArray(4, c.createArrayOf("text", types.toArray()));
                    q.setArray(5, c.createArrayOf("text", refs.toArray()));
                    q.setArray(6, c.createArrayOf("text", kinds.toArray()));
                    q.setArray(7, c.createArrayOf("bigint", hashes.toArray()));
                    q.setArray(8, c.createArrayOf("bigint", durations.toArray()));
                    q.setArray(9, c.createArrayOf("boolean", golds.toArray()));
                    q.setArray(10, c.createArrayOf("text", ats.toArray()));
                    q.executeUpdate();
                }
            });
        }
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
