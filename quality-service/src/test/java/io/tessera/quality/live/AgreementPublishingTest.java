package io.tessera.quality.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.KafkaSettings;
import io.tessera.common.event.Topics;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SkillRefresh} publishes {@code worker.agreement} through the outbox to the real broker, once
 * per (worker, job) whose figures changed. Each step writes its labels and decisions in one transaction,
 * so a scheduled refresh running in between sees a step whole or not at all.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_quality_test"))
class AgreementPublishingTest {
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() / 1000 + 7_000_000_000L);
    @Inject
    KafkaSettings kafka;
    @Inject
    ObjectMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    SkillRefresh refresh;

    private final UUID org = UUID.randomUUID();
    private final UUID job = UUID.randomUUID();
    private final Instant t0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);
    private EventTail scores;

    @BeforeEach
    void connect() {
        scores = new EventTail(kafka, json, Topics.WORKER_SCORES);
    }

    @AfterEach
    void close() {
        scores.close();
    }

    @Test
    void changedFiguresArePublishedOncePerWorkerAndJob() throws Exception {
        UUID ann = UUID.randomUUID();
        UUID ben = UUID.randomUUID();
        step(c -> {
            insertJob(c);
            item(c, 1, "pos", Map.of(ann, "pos", ben, "pos"));
            item(c, 2, "pos", Map.of(ann, "pos", ben, "neg"));
            item(c, 3, "neg", Map.of(ann, "neg", ben, "neg"));
        });
        refresh.refresh();
        assertAgreement(next(ann), ann, 3, 3, 3);
        assertAgreement(next(ben), ben, 3, 2, 3);

        step(c -> item(c, 4, "pos", Map.of(ann, "pos"))); // ann's figures change, ben's do not
        refresh.refresh();
        assertAgreement(next(ann), ann, 4, 4, 4);

        step(c -> item(c, 5, "neg", Map.of(ben, "neg"))); // now ben's, and not ann's
        refresh.refresh();
        // Events of one worker share a partition: the next one of ben is this one, so nothing was sent
        // for ben after the second step (his figures stood still) ...
        assertAgreement(next(ben), ben, 4, 3, 5);

        step(c -> item(c, 6, "pos", Map.of(ann, "neg")));
        refresh.refresh();
        // ... and the next one of ann is this one, so nothing was sent for ann after the third.
        assertAgreement(next(ann), ann, 5, 4, 6);

        refresh.refresh(); // nothing decided since: nothing to publish
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FROM worker_job_agreement WHERE job_id = ? AND NOT published")) {
            q.setObject(1, job);
            try (var rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void boxesAgreeByMatchingNotByEqualityAndARedecidedItemIsCountedAgain() throws Exception {
        UUID ann = UUID.randomUUID();
        UUID ben = UUID.randomUUID();
        String merged = box(10, 10);
        long[] first = new long[1];
        step(c -> {
            insertJob(c, "bounding-boxes", "{\"kind\": \"bounding-boxes\", \"labels\": [\"car\"]}");
            // ann's box is a few pixels off the merged one (agrees), ben's is elsewhere (does not); neither
            // equals the merged label as JSON, which is what the agreement counted before
            first[0] = itemJson(c, 1, merged, Map.of(ann, box(12, 11), ben, box(300, 300)));
            itemJson(c, 2, merged, Map.of(ann, box(11, 10), ben, box(9, 12)));
        });
        refresh.refresh();
        assertAgreement(next(ann), ann, 2, 2, 2);
        assertAgreement(next(ben), ben, 2, 1, 2);
        Policy strict = new Policy(null, null, null, 0.75, 2, null, null, null, null, null, null);
        try (Connection c = dataSource.getConnection()) {
            assertThat(WorkerJudge.judge(c, strict, job, ann)).isEmpty();
            assertThat(WorkerJudge.judge(c, strict, job, ben)).get()
                    .satisfies(f -> assertThat(f.reason()).startsWith("agreement 0.50"));
        }

        // The first item is decided again (as a batch merge would), now on ben's box: counted again.
        step(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "UPDATE item_decision SET label = ?::jsonb, decided_at = ? WHERE item_id = ?")) {
                q.setString(1, box(300, 300));
                q.setTimestamp(2, Timestamp.from(t0.plusSeconds(3)));
                q.setLong(3, first[0]);
                q.executeUpdate();
            }
        });
        refresh.refresh();
        assertAgreement(next(ann), ann, 2, 1, 3);
        assertAgreement(next(ben), ben, 2, 2, 3);
    }

    private static String box(int x, int y) {
        return "[{\"label\": \"car\", \"x\": %d, \"y\": %d, \"w\": 100, \"h\": 50}]".formatted(x, y);
    }

    private void assertAgreement(EventEnvelope e, UUID worker, int compared, int agreed, int upto) {
        assertThat(e.type()).isEqualTo(QualityEvents.WORKER_AGREEMENT);
        assertThat(e.key()).isEqualTo(worker.toString());
        assertThat(e.payload().path("workerId").asText()).isEqualTo(worker.toString());
        assertThat(e.payload().path("jobId").asText()).isEqualTo(job.toString());
        assertThat(e.payload().path("orgId").asText()).isEqualTo(org.toString());
        assertThat(e.payload().path("compared").asInt()).isEqualTo(compared);
        assertThat(e.payload().path("agreed").asInt()).isEqualTo(agreed);
        assertThat(e.payload().path("agreement").asDouble()).isCloseTo((double) agreed / compared, within(1e-9));
        assertThat(Instant.parse(e.payload().path("decidedUpto").asText())).isEqualTo(t0.plusSeconds(upto));
        assertThat(e.payload().path("computedAt").isTextual()).isTrue();
    }

    private void insertJob(Connection c) throws Exception {
        insertJob(c, "categorical", "{\"kind\": \"categorical\", \"labels\": [\"pos\", \"neg\"]}");
    }

    private void insertJob(Connection c, String kind, String schema) throws Exception {
        try (PreparedStatement q = c.prepareStatement("""
                INSERT INTO known_job (id, org_id, kind, max_overlap, first_seen, schema) VALUES (?, ?, ?, 3, now(), ?::jsonb)""")) {
            q.setObject(1, job);
            q.setObject(2, org);
            q.setString(3, kind);
            q.setString(4, schema);
            q.executeUpdate();
        }
    }

    /** A resolved item ({@code n}-th of the job, decided at t0 + n s) and the workers' labels on it. */
    private long item(Connection c, int n, String merged, Map<UUID, String> labels) throws Exception {
        Map<UUID, String> quoted = new java.util.HashMap<>();
        labels.forEach((w, l) -> quoted.put(w, '"' + l + '"'));
        return itemJson(c, n, '"' + merged + '"', quoted);
    }

    /** As {@link #item}, with the labels and the merged label as JSON. */
    private long itemJson(Connection c, int n, String merged, Map<UUID, String> labels) throws Exception {
        long item = IDS.incrementAndGet();
        for (Map.Entry<UUID, String> l : labels.entrySet()) {
            try (PreparedStatement q = c.prepareStatement("""
                    INSERT INTO label (submission_id, job_id, item_id, worker_id, label, gold, submitted_at)
                    VALUES (?, ?, ?, ?, ?::jsonb, false, now())""")) {
                q.setLong(1, IDS.incrementAndGet());
                q.setObject(2, job);
                q.setLong(3, item);
                q.setObject(4, l.getKey());
                q.setString(5, l.getValue());
                q.executeUpdate();
            }
        }
        try (PreparedStatement q = c.prepareStatement("""
                INSERT INTO item_decision (item_id, job_id, state, label, confidence, labels, required_labels, decided_at)
                VALUES (?, ?, 'resolved', ?::jsonb, 1, ?, ?, ?)""")) {
            q.setLong(1, item);
            q.setObject(2, job);
            q.setString(3, merged);
            q.setInt(4, labels.size());
            q.setInt(5, labels.size());
            q.setTimestamp(6, Timestamp.from(t0.plusSeconds(n)));
            q.executeUpdate();
        }
        return item;
    }

    @FunctionalInterface
    private interface Writes {
        void run(Connection c) throws Exception;
    }

    private void step(Writes writes) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            writes.run(c);
            c.commit();
        }
    }

    /** The next worker.agreement of {@code worker} in this test's job. */
    private EventEnvelope next(UUID worker) throws Exception {
        return scores.next(e -> e.type().equals(QualityEvents.WORKER_AGREEMENT)
                && e.key().equals(worker.toString()) && e.payload().path("jobId").asText().equals(job.toString()));
    }
}
