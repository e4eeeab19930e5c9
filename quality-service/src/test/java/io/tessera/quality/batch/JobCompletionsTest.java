package io.tessera.quality.batch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.common.event.EventConsumers;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.KafkaSettings;
import io.tessera.common.event.Topics;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TestKafka;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The re-merge of a completed job publishes in chunks of {@code tessera.quality.batch-publish-chunk} items (500 in
 * tests), each its own transaction, and resumes when its {@code job.completed} comes again: against the real
 * database and broker, jobs of more than two chunks are published once per item, also when the database fails the
 * run halfway (a trigger that rejects one item's update stands in for the failure).
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_quality_test"))
class JobCompletionsTest {
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() / 1000 + 300_000_000L);
    private static final int ITEMS = 1_203;

    @Inject
    DataSource dataSource;
    @Inject
    KafkaSettings kafka;
    @Inject
    ObjectMapper json;
    @Inject
    EventConsumers consumers;
    @ConfigProperty(name = "tessera.quality.batch-publish-chunk")
    int chunk;

    @Test
    void aCompletedJobOfSeveralChunksIsPublishedOncePerItemAndItsEventComingAgainChangesNothing() throws Exception {
        assertThat(ITEMS).as("more than two chunks").isGreaterThan(2 * chunk);
        OutvotedJob job = OutvotedJob.insert(dataSource, IDS, ITEMS);
        EventEnvelope completed = completed(job);
        try (Published published = new Published(job.id())) {
            send(completed);
            send(completed); // delivered twice, as Kafka may
            published.await(ITEMS);
            assertThat(published.byItem().keySet()).containsExactlyInAnyOrderElementsOf(job.items());
            assertThat(published.byItem()).allSatisfy((item, events) -> {
                assertThat(events).as("item %d", item).hasSize(1);
                assertThat(events.get(0).path("mergedBy").asText()).isEqualTo("ds");
                assertThat(events.get(0).path("label").asText()).isEqualTo("pos");
                assertThat(events.get(0).path("labels").asInt()).isEqualTo(3);
            });
        }
        awaitProcessed(completed.eventId());
        Progress run = progress(completed.eventId());
        assertThat(run.done()).isTrue();
        assertThat(run.upto()).isEqualTo(job.items().get(ITEMS - 1));
        assertThat(runs(job.id())).isEqualTo(1);
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FILTER (WHERE label = '\"pos\"'::jsonb) FROM item_decision WHERE job_id = ?")) {
            q.setObject(1, job.id());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("every item has the batch label").isEqualTo(ITEMS);
            }
        }
    }

    @Test
    void aRunThatFailsAfterItsFirstChunkPublishesTheRestOnceWhenItsEventComesAgain() throws Exception {
        OutvotedJob job = OutvotedJob.insert(dataSource, IDS, ITEMS);
        EventEnvelope completed = completed(job);
        try (Published published = new Published(job.id())) {
            failUpdatesOf(job.items().get(chunk + chunk / 2)); // an item of the second chunk
            try {
                send(completed);
                // Five attempts, each resuming after the first chunk and failing in the second, then dead_letter.
                assertThat(awaitDeadLetter(completed.eventId())).contains("the database fails this item");
            } finally {
                dropFailure();
            }
            Progress stopped = progress(completed.eventId());
            assertThat(stopped.done()).isFalse();
            assertThat(stopped.upto()).as("the first chunk committed").isEqualTo(job.items().get(chunk - 1));
            published.await(chunk);
            assertThat(published.byItem().keySet()).containsExactlyInAnyOrderElementsOf(job.items().subList(0, chunk));

            send(completed); // the same event again: as Kafka delivers it after a restart, or replayed from dead_letter
            published.await(ITEMS);
            assertThat(published.byItem().keySet()).containsExactlyInAnyOrderElementsOf(job.items());
            assertThat(published.byItem()).allSatisfy((item, events) -> assertThat(events).as("item %d", item).hasSize(1));
        }
        awaitProcessed(completed.eventId());
        Progress run = progress(completed.eventId());
        assertThat(run.done()).isTrue();
        assertThat(run.upto()).isEqualTo(job.items().get(ITEMS - 1));
        assertThat(runs(job.id())).as("resumed, not merged again").isEqualTo(1);
    }

    @Test
    void aStoppedRunDoesNotResumeOnceANewerRunOfTheJobPublished() throws Exception {
        OutvotedJob job = OutvotedJob.insert(dataSource, IDS, ITEMS);
        EventEnvelope completed = completed(job);
        try (Published published = new Published(job.id())) {
            failUpdatesOf(job.items().get(chunk + 1));
            try {
                send(completed);
                awaitDeadLetter(completed.eventId());
            } finally {
                dropFailure();
            }
            given().auth().oauth2(TestJwt.client(job.org())).contentType("application/json")
                    .body(Map.of("algorithm", "mv", "publish", true))
                    .post("/api/v1/jobs/" + job.id() + "/aggregations").then().statusCode(201);
            send(completed); // a late redelivery must not put the older run's labels back
            awaitProcessed(completed.eventId());
            published.await(chunk + ITEMS);
            assertThat(published.byItem()).allSatisfy((item, events) -> {
                List<String> mergedBy = events.stream().map(e -> e.path("mergedBy").asText()).toList();
                assertThat(mergedBy).as("item %d", item).isEqualTo(
                        job.items().indexOf(item) < chunk ? List.of("ds", "mv") : List.of("mv"));
            });
        }
        Progress stopped = progress(completed.eventId());
        assertThat(stopped.done()).isFalse();
        assertThat(stopped.upto()).isEqualTo(job.items().get(chunk - 1));
    }

    @Test
    void anEventWhoseHandlerRunsOutOfMemoryIsDeadLetteredAndTheConsumerGoesOn() throws Exception {
        // A topic of its own: another group on a service topic would mark that topic's events processed.
        String topic = "test-out-of-memory-" + UUID.randomUUID();
        TestKafka.createTopics(TestKafka.bootstrapServers(), Map.of(topic, 1));
        EventEnvelope tooBig = envelope("test.too-big");
        EventEnvelope next = envelope("test.next");
        List<UUID> handled = new CopyOnWriteArrayList<>();
        consumers.startSelfCommitting("test-" + UUID.randomUUID(), List.of(topic), 1, event -> {
            if (event.eventId().equals(tooBig.eventId())) {
                throw new OutOfMemoryError("Java heap space (test)"); // as a job too big for the heap
            }
            handled.add(event.eventId());
        });
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig())) {
            producer.send(new ProducerRecord<>(topic, "k", json.writeValueAsString(tooBig))).get();
            producer.send(new ProducerRecord<>(topic, "k", json.writeValueAsString(next))).get();
        }
        assertThat(awaitDeadLetter(tooBig.eventId())).contains("out of memory handling test.too-big");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!handled.contains(next.eventId()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(handled).as("the consumer survived and handled the next event").containsExactly(next.eventId());
        awaitProcessed(next.eventId());
        assertThat(processed(tooBig.eventId())).isFalse();
    }

    private EventEnvelope completed(OutvotedJob job) {
        return new EventEnvelope(UUID.randomUUID(), "job.completed", job.id().toString(), Instant.now(), 1,
                json.valueToTree(Map.of("jobId", job.id(), "orgId", job.org(), "completedAt", Instant.now())));
    }

    private EventEnvelope envelope(String type) {
        return new EventEnvelope(UUID.randomUUID(), type, "k", Instant.now(), 1, json.createObjectNode());
    }

    private void send(EventEnvelope event) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig())) {
            producer.send(new ProducerRecord<>(Topics.JOBS, event.key(), json.writeValueAsString(event))).get();
        }
    }

    /** Makes the database reject the update of one item's decision, failing the chunk that holds it. */
    private void failUpdatesOf(long item) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE FUNCTION test_fail_update() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'test: the database fails this item'; END $$""");
            s.execute("CREATE TRIGGER test_fail_update BEFORE UPDATE ON item_decision FOR EACH ROW WHEN (OLD.item_id = "
                    + item + ") EXECUTE FUNCTION test_fail_update()");
        }
    }

    private void dropFailure() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS test_fail_update ON item_decision");
            s.execute("DROP FUNCTION IF EXISTS test_fail_update()");
        }
    }

    /** The error stored with the event's dead letter, waiting up to 60 s for it. */
    private String awaitDeadLetter(UUID eventId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        do {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement q = c.prepareStatement("SELECT error FROM dead_letter WHERE record_value LIKE ?")) {
                q.setString(1, "%" + eventId + "%");
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("event " + eventId + " not dead-lettered within 60 s");
    }

    private boolean processed(UUID eventId) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT 1 FROM processed_event WHERE event_id = ?")) {
            q.setObject(1, eventId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void awaitProcessed(UUID eventId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!processed(eventId) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(processed(eventId)).as("event %s marked processed", eventId).isTrue();
    }

    /** A run's publication progress: the last item id written, whether it wrote them all. */
    record Progress(Long upto, boolean done) {
    }

    private Progress progress(UUID eventId) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT published_upto, published_at IS NOT NULL FROM aggregation_run WHERE event_id = ?")) {
            q.setObject(1, eventId);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as("the event's run is stored").isTrue();
                return new Progress(rs.getObject(1, Long.class), rs.getBoolean(2));
            }
        }
    }

    private int runs(UUID jobId) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM aggregation_run WHERE job_id = ?")) {
            q.setObject(1, jobId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * The {@code item.resolved} events of one job on tessera.task-decisions from the moment it is opened, by item in
     * arrival order. Every record of a poll is read before counting (a poll carries many).
     */
    private final class Published implements AutoCloseable {
        private final UUID jobId;
        private final KafkaConsumer<String, String> consumer;
        private final Map<Long, List<JsonNode>> byItem = new HashMap<>();
        private int events;

        Published(UUID jobId) {
            this.jobId = jobId;
            Map<String, Object> config = kafka.consumerConfig("test-" + UUID.randomUUID());
            config.put("auto.offset.reset", "latest");
            consumer = new KafkaConsumer<>(config);
            consumer.subscribe(List.of(Topics.TASK_DECISIONS));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100));
            }
            // Resolve "latest" now: left to the next poll, it could skip events the test causes before that.
            consumer.assignment().forEach(consumer::position);
        }

        /**
         * Reads until {@code expected} events of the job have come (60 s at most), then 2 s more: an event beyond
         * the expected ones (a duplicate) would come in that time, and the test's counts would see it.
         */
        void await(int expected) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (events < expected && System.nanoTime() < deadline) {
                poll();
            }
            long quiet = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < quiet) {
                poll();
            }
            assertThat(events).as("item.resolved events of job %s", jobId).isEqualTo(expected);
        }

        private void poll() throws Exception {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                EventEnvelope e = json.readValue(r.value(), EventEnvelope.class);
                if (jobId.toString().equals(e.payload().path("jobId").asText())) {
                    assertThat(e.type()).isEqualTo("item.resolved");
                    byItem.computeIfAbsent(e.payload().path("itemId").asLong(), k -> new ArrayList<>()).add(e.payload());
                    events++;
                }
            }
        }

        Map<Long, List<JsonNode>> byItem() {
            return byItem;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
