package io.tessera.task.claim;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Claims in exam and training jobs, which consist of gold items only (no slots, no regular work), and
 * the gold claim statement they share with the gold mixed into regular jobs.
 *
 * <ul>
 * <li><b>Exam:</b> an attempt is {@code examQuestions} questions (default: every gold item of the
 * job), each at most once per attempt; unseen questions come first, then the least recently seen.
 * The worker's attempt is over, and nothing more is handed out, once they hold or answered that many
 * since the attempt opened. worker-service scores the attempt from quality-service's
 * {@code worker.scored} events and tells task-service with {@code worker.exam} that it concluded an
 * attempt; only then the next one opens here ({@code exam_round.opened_at}, task-service's clock).
 * Retry delay, attempt limit and "passed" reach the claim path as job blocks from worker-service.</li>
 * <li><b>Training:</b> every gold item once per worker (each submit answers with the correct answer
 * and its explanation); once the worker answered them all, there is nothing more.</li>
 * </ul>
 *
 * <p>Two claims of one worker in one such job are serialised by a transaction-scoped advisory lock
 * on (worker, job), so an attempt cannot overrun its size and a question cannot be leased twice.
 */
final class GoldOnlyClaims {
    private static final String LOCK = "SELECT pg_advisory_xact_lock(?, ?)";
    /**
     * The current attempt's start (or NULL), how many of its questions the worker holds or answered, and
     * whether a block is in effect: read together, in one snapshot. worker-service publishes a concluded
     * attempt's block before the {@code worker.exam} event that opens the next round, so a snapshot that
     * sees the new round sees the block too. The claim's eligibility query ran in an earlier snapshot,
     * which may predate both (READ COMMITTED): asked only there, the block would let the next attempt
     * start at once, retry delay or not.
     */
    private static final String EXAM_ROUND = """
            SELECT r.opened_at,
                   coalesce(?::int, (SELECT count(*) FROM item i WHERE i.job_id = ? AND i.gold)::int),
                   (SELECT count(*) FROM assignment a
                    WHERE a.worker_id = ? AND a.job_id = ? AND a.slot IS NULL AND a.state IN ('leased', 'submitted')
                      AND a.leased_at >= coalesce(r.opened_at, '-infinity'::timestamptz)),
                   (SELECT %s FROM job j WHERE j.id = ?)
            FROM (SELECT 1) one LEFT JOIN exam_round r ON r.worker_id = ? AND r.job_id = ?""".formatted(ClaimService.BLOCKED);
    /**
     * Gold items the worker does not hold, unseen first (in random order), then least recently seen;
     * leased in the same statement. With the answered filter on, also none the worker answered since
     * the given time (NULL: ever). Exam and training claims filter; gold mixed into regular work does not
     * (it rotates through answered gold once every item was seen).
     */
    static final String CLAIM = """
            WITH pick AS (
                SELECT i.id FROM item i
                LEFT JOIN gold_seen g ON g.worker_id = ? AND g.item_id = i.id
                WHERE i.job_id = ? AND i.gold
                  AND NOT EXISTS (SELECT 1 FROM assignment a
                                  WHERE a.item_id = i.id AND a.worker_id = ? AND a.slot IS NULL
                                    AND (a.state = 'leased'
                                         OR ?::boolean AND a.state = 'submitted'
                                            AND a.leased_at >= coalesce(?::timestamptz, '-infinity'::timestamptz)))
                ORDER BY g.last_seen NULLS FIRST, random()
                LIMIT ?),
            seen AS (
                INSERT INTO gold_seen AS g (worker_id, item_id, job_id, times, last_seen)
                SELECT ?, id, ?, 1, ? FROM pick
                ON CONFLICT (worker_id, item_id) DO UPDATE SET times = g.times + 1, last_seen = EXCLUDED.last_seen),
            recorded AS (
                INSERT INTO assignment (id, item_id, worker_id, job_id, slot, state, leased_at, lease_until, flipped)
                SELECT uuid_v7(), id, ?, ?, NULL, 'leased', ?, ?, ? AND random() < 0.5 FROM pick
                RETURNING id, item_id, flipped)
            SELECT r.id, i.data::text, r.flipped FROM recorded r JOIN item i ON i.id = r.item_id""";

    private GoldOnlyClaims() {
    }

    /** Takes the (worker, job) lock for the rest of the transaction. */
    static void lock(Connection c, UUID workerId, UUID jobId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(LOCK)) {
            q.setInt(1, (int) (workerId.getMostSignificantBits() ^ workerId.getLeastSignificantBits()));
            q.setInt(2, (int) (jobId.getMostSignificantBits() ^ jobId.getLeastSignificantBits()));
            q.executeQuery().close();
        }
    }

    /**
     * The exam attempt the worker is in: since when, how many more questions it may hand out (≥ 0), and
     * whether the worker is blocked from the exam at {@code now}.
     */
    record Round(Instant openedAt, int left, boolean blocked) {
    }

    static Round examRound(Connection c, UUID workerId, UUID jobId, Integer examQuestions, Instant now)
            throws SQLException {
        try (PreparedStatement q = c.prepareStatement(EXAM_ROUND)) {
            q.setObject(1, examQuestions, java.sql.Types.INTEGER);
            q.setObject(2, jobId);
            q.setObject(3, workerId);
            q.setObject(4, jobId);
            q.setObject(5, workerId);
            q.setTimestamp(6, Timestamp.from(now));
            q.setObject(7, jobId);
            q.setObject(8, workerId);
            q.setObject(9, jobId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                Timestamp opened = rs.getTimestamp(1);
                return new Round(opened == null ? null : opened.toInstant(), (int) Math.max(0, rs.getInt(2) - rs.getLong(3)),
                        rs.getBoolean(4));
            }
        }
    }

    /**
     * The claim statement, bound: up to {@code count} gold items the worker does not hold and, with
     * {@code skipAnswered}, did not answer since {@code answeredSince} (null: ever).
     */
    static PreparedStatement claim(Connection c, UUID jobId, UUID workerId, boolean skipAnswered, Instant answeredSince,
            int count, Instant now, Instant until, boolean pairwise) throws SQLException {
        PreparedStatement q = c.prepareStatement(CLAIM);
        q.setObject(1, workerId);
        q.setObject(2, jobId);
        q.setObject(3, workerId);
        q.setBoolean(4, skipAnswered);
        q.setTimestamp(5, answeredSince == null ? null : Timestamp.from(answeredSince));
        q.setInt(6, count);
        q.setObject(7, workerId);
        q.setObject(8, jobId);
        q.setTimestamp(9, Timestamp.from(now));
        q.setObject(10, workerId);
        q.setObject(11, jobId);
        q.setTimestamp(12, Timestamp.from(now));
        q.setTimestamp(13, Timestamp.from(until));
        q.setBoolean(14, pairwise);
        return q;
    }
}
