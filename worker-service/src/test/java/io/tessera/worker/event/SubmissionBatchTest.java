package io.tessera.worker.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.common.event.EventConsumers;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.KafkaSettings;
import io.tessera.testkit.TestKafka;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.worker.TestData;
import io.tessera.worker.TestEvents;
import io.tessera.worker.block.VerdictTestEvents;
import io.tessera.worker.ledger.SubmissionTestEvents;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The submissions consumer writes a transaction's events set-wise (a statement per table): against the
 * real broker and database, a backlog delivered in one poll, with a redelivery, a republished submission,
 * an unpaid one, a skip, a rejected worker's work and an event that cannot be applied, books and records
 * each fact exactly once, and the first transaction's facts are written by one transaction.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class SubmissionBatchTest {
    @Inject
    DataSource dataSource;
    @Inject
    KafkaSettings kafka;
    @Inject
    ObjectMapper json;
    @Inject
    EventConsumers consumers;
    @Inject
    SubmissionsConsumer submissions;

    @Test
    void aBatchBooksAndRecordsEachSubmissionOnce() throws Exception {
        int cap = consumers.maxPerTransaction();
        assertThat(cap).as("the first transaction below holds 10 events").isEqualTo(10);
        UUID vendor = TestData.vendor();
        UUID worker = TestData.worker(TestData.unique("batch"), vendor);
        UUID judged = TestData.worker(TestData.unique("judged"), null);
        UUID job = UUID.randomUUID();
        UUID otherJob = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        TestEvents.awaitProcessed(dataSource, List.of(
                VerdictTestEvents.verdict(UUID.randomUUID(), judged, job, org, "job", true)));

        Instant now = Instant.now();
        long paid = SubmissionTestEvents.nextId();
        EventEnvelope first = submission(paid, worker, job, org, 125, now);
        UUID skippedAssignment = UUID.randomUUID();
        List<EventEnvelope> backlog = new ArrayList<>(List.of(
                first,
                first, // redelivered in the same poll
                envelope("submission.created", SubmissionTestEvents.payload(paid, worker, job, org, 125, now)), // republished
                submission(SubmissionTestEvents.nextId(), worker, job, org, 0, now), // unpaid
                submission(SubmissionTestEvents.nextId(), judged, job, org, 10, now), // rejected work: reversed at once
                envelope("assignment.released", Map.of("assignmentId", skippedAssignment.toString(),
                        "jobId", job.toString(), "itemId", 7, "workerId", worker.toString(), "gold", false,
                        "releasedAt", now.toString())),
                submission(SubmissionTestEvents.nextId(), worker, otherJob, org, 50, now),
                submission(SubmissionTestEvents.nextId(), worker, job, org, 1, now),
                submission(SubmissionTestEvents.nextId(), worker, job, org, 1, now),
                submission(SubmissionTestEvents.nextId(), worker, job, org, 1, now)));
        EventEnvelope bad = submission(SubmissionTestEvents.nextId(), worker, job, org, -5, now); // negative reward
        backlog.add(bad);
        backlog.add(submission(SubmissionTestEvents.nextId(), worker, job, org, 7, now));

        // A topic and group of their own, all events there before the consumer starts: its first poll takes them all.
        String topic = "test-submission-batch-" + UUID.randomUUID();
        TestKafka.createTopics(TestKafka.bootstrapServers(), Map.of(topic, 1));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig())) {
            for (EventEnvelope e : backlog) {
                producer.send(new ProducerRecord<>(topic, "k", json.writeValueAsString(e))).get();
            }
        }
        consumers.start("test-" + UUID.randomUUID(), List.of(topic), 1, submissions.handler());
        List<UUID> good = backlog.stream().map(EventEnvelope::eventId).filter(id -> !id.equals(bad.eventId()))
                .distinct().toList();
        TestEvents.awaitProcessed(dataSource, good);
        TestEvents.await("the bad event dead-lettered", () -> count(
                "SELECT count(*) FROM dead_letter WHERE topic = ?", topic) == 1);

        assertThat(count("SELECT sum(amount_cents) FROM ledger_entry WHERE worker_id = ? AND kind = 'reward'", worker))
                .as("125 once, 50, 3 x 1, 7; not the unpaid nor the bad one").isEqualTo(185);
        assertThat(count("SELECT count(*) FROM ledger_entry WHERE submission_id = ?", paid)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM ledger_entry WHERE worker_id = ? AND vendor_id = ?", worker, vendor))
                .as("booked to the worker's vendor").isEqualTo(6);
        assertThat(count("SELECT sum(amount_cents) FROM ledger_entry WHERE worker_id = ?", judged))
                .as("the rejected worker's reward, reversed").isZero();
        assertThat(count("SELECT count(*) FROM ledger_entry WHERE worker_id = ? AND kind = 'reversal'", judged))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM activity WHERE worker_id IN (?, ?) AND type = 'submit'", worker, judged))
                .as("8 distinct submissions applied").isEqualTo(8);
        assertThat(count("SELECT count(*) FROM activity WHERE worker_id = ? AND type = 'skip' AND ref = ?", worker,
                skippedAssignment.toString())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM submission_pay WHERE worker_id IN (?, ?)", worker, judged)).isEqualTo(8);
        assertThat(count("SELECT count(*) FROM job_kind WHERE job_id IN (?, ?) AND label_kind = 'categorical'", job,
                otherJob)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM known_job WHERE job_id IN (?, ?) AND org_id = ?", job, otherJob, org))
                .isEqualTo(2);
        // The first ten events were one transaction: every fact they wrote carries its transaction id.
        assertThat(count("""
                SELECT count(DISTINCT xmin::text) FROM activity
                WHERE worker_id IN (?, ?) AND id < (SELECT max(id) FROM activity WHERE worker_id = ?)""",
                worker, judged, worker)).isEqualTo(1);
    }

    private EventEnvelope submission(long id, UUID worker, UUID job, UUID org, int cents, Instant at) {
        return envelope("submission.created", SubmissionTestEvents.payload(id, worker, job, org, cents, at));
    }

    private EventEnvelope envelope(String type, Map<String, Object> payload) {
        return new EventEnvelope(UUID.randomUUID(), type, "k", Instant.now(), 1, json.valueToTree(new HashMap<>(payload)));
    }

    private long count(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                q.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
