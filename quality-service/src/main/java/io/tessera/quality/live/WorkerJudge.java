package io.tessera.quality.live;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks a worker against the job's policy after each of their events and names the first rule
 * they break, with the figures behind it. Each rule waits for enough evidence before it judges.
 */
final class WorkerJudge {
    private static final String GOLD = "SELECT seen, correct FROM worker_job_gold WHERE job_id = ? AND worker_id = ?";
    private static final String LABELS = """
            SELECT count(*),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE duration_ms IS NOT NULL),
                   (SELECT count(*) FROM label x WHERE x.job_id = ? AND x.worker_id = ? AND NOT x.gold
                    GROUP BY x.label ORDER BY count(*) DESC LIMIT 1)
            FROM label WHERE job_id = ? AND worker_id = ? AND NOT gold""";
    /** Labels compared with resolved items and those agreeing ({@link LabelAgreement}; other kinds: as of the last refresh). */
    private static final String AGREEMENT = """
            SELECT count(*) FILTER (WHERE %s), count(*) FILTER (WHERE %s)
            FROM label l JOIN item_decision d ON d.item_id = l.item_id AND d.state = 'resolved'
            JOIN known_job j ON j.id = l.job_id
            %s
            WHERE l.job_id = ? AND l.worker_id = ? AND NOT l.gold AND NOT l.rejected"""
            .formatted(LabelAgreement.comparedSql("j.kind"), LabelAgreement.agreedSql("j.kind"), LabelAgreement.JOIN_SQL);
    /** Skips after the worker's last label in the job (a skip streak), by time. */
    private static final String SKIPS = """
            SELECT count(*) FROM skip s WHERE s.job_id = ? AND s.worker_id = ?
              AND s.released_at > coalesce((SELECT max(l.submitted_at) FROM label l
                                            WHERE l.job_id = s.job_id AND l.worker_id = s.worker_id), '-infinity')""";

    private WorkerJudge() {
    }

    record Finding(String reason, Map<String, Object> evidence) {
    }

    static Optional<Finding> judge(Connection c, Policy p, UUID job, UUID worker) throws SQLException {
        if (p.minGoldAccuracy() != null) {
            long[] gold = longs(c, GOLD, 2, job, worker);
            if (gold[0] >= p.goldAnswersBeforeJudging() && (double) gold[1] / gold[0] < p.minGoldAccuracy()) {
                return finding("gold accuracy %.2f after %d gold answers is below %.2f"
                        .formatted((double) gold[1] / gold[0], gold[0], p.minGoldAccuracy()),
                        "goldSeen", gold[0], "goldCorrect", gold[1], "minGoldAccuracy", p.minGoldAccuracy());
            }
        }
        if (p.minMedianDurationMs() != null || p.maxSameAnswerShare() != null) {
            try (PreparedStatement q = c.prepareStatement(LABELS)) {
                q.setObject(1, job);
                q.setObject(2, worker);
                q.setObject(3, job);
                q.setObject(4, worker);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    long labels = rs.getLong(1);
                    double median = rs.getDouble(2);
                    boolean timed = !rs.wasNull();
                    long top = rs.getLong(3);
                    if (p.minMedianDurationMs() != null && timed && labels >= Policy.DURATION_MIN_LABELS
                            && median < p.minMedianDurationMs()) {
                        return finding("median time per label %.0f ms is below %d ms".formatted(median, p.minMedianDurationMs()),
                                "labels", labels, "medianDurationMs", median, "minMedianDurationMs", p.minMedianDurationMs());
                    }
                    if (p.maxSameAnswerShare() != null && labels >= Policy.SAME_ANSWER_MIN_LABELS
                            && (double) top / labels >= p.maxSameAnswerShare()) {
                        return finding("gave one answer to %d of %d items".formatted(top, labels),
                                "labels", labels, "sameAnswer", top, "maxSameAnswerShare", p.maxSameAnswerShare());
                    }
                }
            }
        }
        if (p.minAgreement() != null) {
            long[] agreement = longs(c, AGREEMENT, 2, job, worker);
            if (agreement[0] >= p.agreementLabelsBeforeJudging()
                    && (double) agreement[1] / agreement[0] < p.minAgreement()) {
                return finding("agreement %.2f with merged labels over %d items is below %.2f"
                        .formatted((double) agreement[1] / agreement[0], agreement[0], p.minAgreement()),
                        "comparedLabels", agreement[0], "agreed", agreement[1], "minAgreement", p.minAgreement());
            }
        }
        if (p.maxSkipStreak() != null) {
            long[] streak = longs(c, SKIPS, 1, job, worker);
            if (streak[0] >= p.maxSkipStreak()) {
                return finding("skipped %d tasks in a row".formatted(streak[0]),
                        "skipStreak", streak[0], "maxSkipStreak", p.maxSkipStreak());
            }
        }
        return Optional.empty();
    }

    private static Optional<Finding> finding(String reason, Object... evidence) {
        Map<String, Object> figures = new LinkedHashMap<>();
        for (int i = 0; i < evidence.length; i += 2) {
            figures.put((String) evidence[i], evidence[i + 1]);
        }
        return Optional.of(new Finding(reason, figures));
    }

    /** The first {@code n} columns of the query's single row, or zeros when it has none. */
    private static long[] longs(Connection c, String sql, int n, UUID job, UUID worker) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setObject(1, job);
            q.setObject(2, worker);
            long[] out = new long[n];
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    for (int i = 0; i < n; i++) {
                        out[i] = rs.getLong(i + 1);
                    }
                }
            }
            return out;
        }
    }
}
