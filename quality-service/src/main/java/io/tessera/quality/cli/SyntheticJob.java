package io.tessera.quality.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.quality.job.LabelValues;
import io.tessera.quality.live.ItemDecider;
import io.tessera.quality.live.KindDecider;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * A finished job in quality-service's tables, as the live path leaves it when task-service publishes
 * {@code job.completed}: the {@code known_job} row, every label (regular and gold), the gold answers, and a
 * resolved {@code item_decision} per regular item with the live decision ({@link ItemDecider} majority vote for
 * categorical jobs, {@link KindDecider} for the others, as without a confidence target). Written with COPY, so
 * a job of 100,000 items is in the database in seconds.
 *
 * <p>The crowd is seeded: {@code overlap} distinct workers per item out of {@code workers}; workers are 50%
 * careful, 30% sloppy, 20% spammers (as {@link SyntheticCrowd}), with the kind's errors: a wrong class
 * (categorical), Gaussian noise on a 1..5 scale (rating), jittered, missed and phantom boxes (bounding boxes).
 */
final class SyntheticJob {
    static final String CATEGORICAL_SCHEMA = "{\"kind\":\"categorical\",\"labels\":[\"a\",\"b\",\"c\"]}";
    static final String RATING_SCHEMA = "{\"kind\":\"rating\",\"min\":1,\"max\":5,\"step\":1,\"scale\":\"ordinal\"}";
    static final String BOXES_SCHEMA = "{\"kind\":\"bounding-boxes\",\"labels\":[\"car\",\"person\"]}";
    private static final String[] CLASSES = {"a", "b", "c"};
    private static final String[] BOX_LABELS = {"car", "person"};
    private static final String SUBMITTED_AT = "2026-01-01 00:00:00+00";
    /** Rows per COPY: keeps the text buffer small. */
    private static final int COPY_ROWS = 50_000;

    final UUID id;
    final UUID orgId;
    final String kind;
    final int items;
    final int goldItems;
    final long labels;

    private SyntheticJob(UUID id, UUID orgId, String kind, int items, int goldItems, long labels) {
        this.id = id;
        this.orgId = orgId;
        this.kind = kind;
        this.items = items;
        this.goldItems = goldItems;
        this.labels = labels;
    }

    static String schemaOf(String kind) {
        return switch (kind) {
            case LabelValues.CATEGORICAL -> CATEGORICAL_SCHEMA;
            case LabelValues.RATING -> RATING_SCHEMA;
            case LabelValues.BOXES -> BOXES_SCHEMA;
            default -> throw new IllegalArgumentException("no synthetic " + kind + " jobs; categorical, rating, bounding-boxes");
        };
    }

    /**
     * Writes a job of {@code items} regular items and {@code goldItems} gold items, each labeled by
     * {@code overlap} workers. Item and submission ids start above {@code idBase}; the connection commits.
     */
    static SyntheticJob write(Connection c, ObjectMapper json, String kind, int items, int goldItems, int overlap,
            int workers, long seed, long idBase) throws SQLException, IOException {
        String schemaText = schemaOf(kind);
        JsonNode schema = json.readTree(schemaText);
        SplittableRandom random = new SplittableRandom(seed);
        UUID jobId = new UUID(seed, idBase);
        UUID orgId = new UUID(seed, 1);
        String job = jobId.toString();
        String[] workerIds = new String[workers];
        int[] type = new int[workers]; // 0 careful, 1 sloppy, 2 spammer
        for (int w = 0; w < workers; w++) {
            workerIds[w] = new UUID(seed + 1, w).toString();
            double u = random.nextDouble();
            type[w] = u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement q = c.prepareStatement("""
                INSERT INTO known_job (id, org_id, kind, max_overlap, first_seen, policy, label_count, schema)
                VALUES (?, ?, ?, ?, now(), '{}', ?, ?::jsonb)""")) {
            q.setObject(1, jobId);
            q.setObject(2, orgId);
            q.setString(3, kind);
            q.setInt(4, overlap);
            q.setInt(5, LabelValues.CATEGORICAL.equals(kind) ? CLASSES.length : 0);
            q.setString(6, schemaText);
            q.executeUpdate();
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        StringBuilder labelRows = new StringBuilder();
        StringBuilder decisionRows = new StringBuilder();
        StringBuilder goldRows = new StringBuilder();
        int rowsInBuffer = 0;
        long submission = idBase;
        long labelCount = 0;
        int[] chosen = new int[overlap];
        for (int t = 0; t < items + goldItems; t++) {
            boolean gold = t >= items;
            long item = idBase + t;
            String truth = truth(kind, random);
            List<ItemDecider.Vote> votes = new ArrayList<>(overlap);
            for (int j = 0; j < overlap; j++) {
                int w;
                boolean again;
                do { // distinct workers out of many: rejection is cheap
                    w = random.nextInt(workers);
                    again = false;
                    for (int i = 0; i < j; i++) {
                        again |= chosen[i] == w;
                    }
                } while (again);
                chosen[j] = w;
                String label = label(kind, json, truth, type[w], random);
                votes.add(new ItemDecider.Vote(workerIds[w], label, 0.7));
                String correct = gold ? Boolean.toString(json.readTree(label).equals(json.readTree(truth))) : "\\N";
                labelRows.append(++submission).append('\t').append(job).append('\t').append(item).append('\t')
                        .append(workerIds[w]).append('\t').append(escape(label)).append('\t').append(gold).append('\t')
                        .append(correct).append('\t').append(2000 + random.nextInt(8000)).append('\t')
                        .append(SUBMITTED_AT).append("\tfalse\t").append(overlap).append('\n');
                labelCount++;
            }
            if (gold) {
                goldRows.append(item).append('\t').append(job).append('\t').append(escape(truth)).append('\n');
            } else {
                ItemDecider.Decision live = LabelValues.CATEGORICAL.equals(kind)
                        ? ItemDecider.decide(votes, overlap, true, CLASSES.length, null)
                        : KindDecider.decide(kind, schema, votes, overlap, true, null);
                decisionRows.append(item).append('\t').append(job).append("\tresolved\t").append(escape(live.label()))
                        .append('\t').append(String.format(Locale.ROOT, "%.6f", live.confidence())).append('\t')
                        .append(overlap).append('\t').append(overlap).append('\t').append(SUBMITTED_AT).append('\n');
            }
            if (++rowsInBuffer == COPY_ROWS) {
                flush(copy, labelRows, decisionRows, goldRows);
                rowsInBuffer = 0;
            }
        }
        flush(copy, labelRows, decisionRows, goldRows);
        c.commit();
        c.setAutoCommit(autoCommit);
        return new SyntheticJob(jobId, orgId, kind, items, goldItems, labelCount);
    }

    private static void flush(CopyManager copy, StringBuilder labels, StringBuilder decisions, StringBuilder gold)
            throws SQLException, IOException {
        copy.copyIn("""
                COPY label (submission_id, job_id, item_id, worker_id, label, gold, correct, duration_ms, submitted_at,
                            rejected, required_labels) FROM STDIN""", new StringReader(labels.toString()));
        copy.copyIn("""
                COPY item_decision (item_id, job_id, state, label, confidence, labels, required_labels, decided_at)
                FROM STDIN""", new StringReader(decisions.toString()));
        copy.copyIn("COPY gold_answer (item_id, job_id, answer) FROM STDIN", new StringReader(gold.toString()));
        labels.setLength(0);
        decisions.setLength(0);
        gold.setLength(0);
    }

    /** COPY's text format: a backslash starts an escape. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }

    private static String truth(String kind, SplittableRandom random) {
        return switch (kind) {
            case LabelValues.CATEGORICAL -> "\"" + CLASSES[random.nextInt(CLASSES.length)] + "\"";
            case LabelValues.RATING -> Integer.toString(1 + random.nextInt(5));
            default -> {
                StringBuilder boxes = new StringBuilder("[");
                int n = 1 + random.nextInt(3);
                for (int b = 0; b < n; b++) {
                    box(boxes.append(b == 0 ? "" : ","), BOX_LABELS[random.nextInt(2)], random.nextInt(600),
                            random.nextInt(400), 20 + random.nextInt(180), 20 + random.nextInt(180));
                }
                yield boxes.append(']').toString();
            }
        };
    }

    /** A worker's label for an item whose truth is {@code truth} (JSON text). */
    private static String label(String kind, ObjectMapper json, String truth, int type, SplittableRandom random)
            throws IOException {
        switch (kind) {
            case LabelValues.CATEGORICAL -> {
                double accuracy = type == 0 ? 0.9 : 0.7;
                if (type != 2 && random.nextDouble() < accuracy) {
                    return truth;
                }
                String right = truth.substring(1, truth.length() - 1);
                String other;
                do {
                    other = CLASSES[random.nextInt(CLASSES.length)];
                } while (type != 2 && other.equals(right));
                return "\"" + other + "\"";
            }
            case LabelValues.RATING -> {
                if (type == 2) {
                    return Integer.toString(1 + random.nextInt(5));
                }
                double noise = (type == 0 ? 0.4 : 1.0) * gaussian(random);
                return Long.toString(Math.max(1, Math.min(5, Math.round(Integer.parseInt(truth) + noise))));
            }
            default -> {
                StringBuilder out = new StringBuilder("[");
                if (type == 2) {
                    box(out, BOX_LABELS[random.nextInt(2)], random.nextInt(600), random.nextInt(400),
                            20 + random.nextInt(180), 20 + random.nextInt(180));
                    return out.append(']').toString();
                }
                double keep = type == 0 ? 0.97 : 0.85;
                double jitter = type == 0 ? 2 : 6;
                for (JsonNode b : json.readTree(truth)) {
                    if (random.nextDouble() < keep) {
                        box(out.append(out.length() > 1 ? "," : ""), b.path("label").asText(),
                                Math.max(0, b.path("x").asInt() + (int) Math.round(jitter * gaussian(random))),
                                Math.max(0, b.path("y").asInt() + (int) Math.round(jitter * gaussian(random))),
                                Math.max(5, b.path("w").asInt() + (int) Math.round(jitter * gaussian(random))),
                                Math.max(5, b.path("h").asInt() + (int) Math.round(jitter * gaussian(random))));
                    }
                }
                if (type == 1 && random.nextDouble() < 0.2) { // a phantom box
                    box(out.append(out.length() > 1 ? "," : ""), BOX_LABELS[random.nextInt(2)], random.nextInt(600),
                            random.nextInt(400), 20 + random.nextInt(180), 20 + random.nextInt(180));
                }
                return out.append(']').toString();
            }
        }
    }

    private static void box(StringBuilder out, String label, int x, int y, int w, int h) {
        out.append("{\"label\":\"").append(label).append("\",\"x\":").append(x).append(",\"y\":").append(y)
                .append(",\"w\":").append(w).append(",\"h\":").append(h).append('}');
    }

    /** A standard normal draw (Box-Muller; SplittableRandom has no nextGaussian in Java 17). */
    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
