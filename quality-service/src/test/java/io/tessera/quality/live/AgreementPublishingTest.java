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
        try (PreparedStatement q = c.prepareStatement("""
                INSERT INTO known_job (id, org_id, kind, max_overlap, first_seen) VALUES (?, ?, 'categorical', 3, now())""")) {
            q.setObject(1, job);
            q.setObject(2, org);
            q.executeUpdate();
        }
    }

    /** A resolved item ({@code n}-th of the job, decided at t0 + n s) and the workers' labels on it. */
    private void item(Connection c, int n, String merged, Map<UUID, String> labels) throws Exception {
        long item = IDS.incrementAndGet();
        for (Map.Entry<UUID, String> l : labels.entrySet()) {
            try (PreparedStatement q = c.prepareStatement("""
                    INSERT INTO label (submission_id, job_id, item_id, worker_id, label, gold, submitted_at)
                    VALUES (?, ?, ?, ?, ?::jsonb, false, now())""")) {
                q.setLong(1, IDS.incrementAndGet());
                q.setObject(2, job);
                q.setLong(3, item);
                q.setObject(4, l.getKey());
                q.setString(5, '"' + l.getValue() + '"');
                q.executeUpdate();
            }
        }
        try (PreparedStatement q = c.prepareStatement("""
                INSERT INTO item_decision (item_id, job_id, state, label, confidence, labels, required_labels, decided_at)
                VALUES (?, ?, 'resolved', ?::jsonb, 1, ?, ?, ?)""")) {
            q.setLong(1, item);
            q.setObject(2, job);
            q.setString(3, '"' + merged + '"');
            q.setInt(4, labels.size());
            q.setInt(5, labels.size());
            q.setTimestamp(6, Timestamp.from(t0.plusSeconds(n)));
            q.executeUpdate();
        }
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
