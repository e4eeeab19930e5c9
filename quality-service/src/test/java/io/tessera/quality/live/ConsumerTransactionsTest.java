package io.tessera.quality.live;

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
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A poll's events are applied in short transactions ({@code tessera.events.max-per-transaction} at most):
 * against the real broker and database, a backlog of events delivered in one poll commits in several
 * transactions, none holding more than the cap, and an event that fails only sends its own transaction's
 * events one by one. The transaction an event ran in is read with {@code txid_current()} in the handler.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_quality_test"))
class ConsumerTransactionsTest {
    private static final int EVENTS = 35;

    @Inject
    DataSource dataSource;
    @Inject
    KafkaSettings kafka;
    @Inject
    ObjectMapper json;
    @Inject
    EventConsumers consumers;

    @Test
    void aBacklogIsAppliedInTransactionsOfAtMostTheCapAndAFailureStaysInItsOwn() throws Exception {
        int cap = consumers.maxPerTransaction();
        assertThat(EVENTS).as("several transactions' worth").isGreaterThan(3 * cap);
        // A topic and group of their own: another group on a service topic would mark that topic's events processed.
        String topic = "test-transactions-" + UUID.randomUUID();
        TestKafka.createTopics(TestKafka.bootstrapServers(), Map.of(topic, 1));
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(new EventEnvelope(UUID.randomUUID(), "test.event", "k", Instant.now(), 1, json.createObjectNode()));
        }
        EventEnvelope bad = events.get(cap + 2); // in the second transaction
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig())) {
            for (EventEnvelope event : events) { // all there before the consumer starts: its first poll takes them all
                producer.send(new ProducerRecord<>(topic, "k", json.writeValueAsString(event))).get();
            }
        }
        Map<UUID, Long> transactionOf = new ConcurrentHashMap<>(); // the last attempt's, the one that committed
        consumers.start("test-" + UUID.randomUUID(), List.of(topic), 1, event -> {
            if (event.eventId().equals(bad.eventId())) {
                throw new IllegalStateException("test: this event always fails");
            }
            transactionOf.put(event.eventId(), currentTransaction());
        });

        List<UUID> good = events.stream().map(EventEnvelope::eventId).filter(id -> !id.equals(bad.eventId())).toList();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!allProcessed(good) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(allProcessed(good)).as("every good event applied").isTrue();
        assertThat(ProcessedEvents.count(dataSource, List.of(bad.eventId()))).as("the failing event").isZero();

        Collection<List<UUID>> transactions = good.stream()
                .collect(Collectors.groupingBy(transactionOf::get, Collectors.toList())).values();
        assertThat(transactions).allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(cap));
        assertThat(transactions).as("the others still batched").anySatisfy(t -> assertThat(t).hasSize(cap));
        List<UUID> failedTransaction = events.subList(cap, 2 * cap).stream().map(EventEnvelope::eventId)
                .filter(id -> !id.equals(bad.eventId())).toList();
        assertThat(failedTransaction).as("the failing event's transaction-mates, one by one")
                .allSatisfy(id -> assertThat(transactions).contains(List.of(id)));
    }

    private long currentTransaction() throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT txid_current()");
                ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean allProcessed(List<UUID> ids) throws Exception {
        return ProcessedEvents.count(dataSource, ids) == ids.size();
    }
}
