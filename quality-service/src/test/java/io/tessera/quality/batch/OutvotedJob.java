package io.tessera.quality.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A categorical job of resolved items as the live path stores it, whose live label "neg" a batch merge
 * overturns: on every item two workers of three say "pos". Shared by the batch-merge tests.
 */
record OutvotedJob(UUID id, UUID org, List<Long> items) {

    /** Stores a job of {@code count} items, taking item and submission ids from {@code ids}. */
    static OutvotedJob insert(DataSource dataSource, AtomicLong ids, int count) throws Exception {
        UUID org = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        String[] workers = {UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString()};
        List<Long> items = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement("""
                    INSERT INTO known_job (id, org_id, kind, max_overlap, first_seen, policy, label_count, schema)
                    VALUES (?, ?, 'categorical', 3, now(), '{}', 2, '{"kind":"categorical","labels":["pos","neg"]}')""")) {
                q.setObject(1, id);
                q.setObject(2, org);
                q.executeUpdate();
            }
            try (PreparedStatement label = c.prepareStatement("""
                    INSERT INTO label (submission_id, job_id, item_id, worker_id, label, gold, submitted_at)
                    VALUES (?, ?, ?, ?::uuid, ?::jsonb, false, now())""");
                    PreparedStatement decision = c.prepareStatement("""
                    INSERT INTO item_decision (item_id, job_id, state, label, confidence, labels, required_labels, decided_at)
                    VALUES (?, ?, 'resolved', '"neg"', 0.5, 3, 3, now() - interval '1 hour')""")) {
                for (int i = 0; i < count; i++) {
                    long item = ids.incrementAndGet();
                    items.add(item);
                    for (int w = 0; w < 3; w++) {
                        label.setLong(1, ids.incrementAndGet() + 1_000_000_000L);
                        label.setObject(2, id);
                        label.setLong(3, item);
                        label.setString(4, workers[w]);
                        label.setString(5, w < 2 ? "\"pos\"" : "\"neg\"");
                        label.addBatch();
                    }
                    decision.setLong(1, item);
                    decision.setObject(2, id);
                    decision.addBatch();
                }
                label.executeBatch();
                decision.executeBatch();
            }
            c.commit();
        }
        return new OutvotedJob(id, org, items);
    }
}
