package io.tessera.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.KafkaSettings;
import io.tessera.common.event.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Events in and out of the test broker. {@link #send} publishes as another service would (in the
 * platform's envelope); {@link #status} reads what worker-service published on
 * {@code tessera.worker-status}: one consumer for the whole run reads the topic from the beginning
 * and keeps every event by key, in partition order, so tests wait for their own worker's events.
 */
public final class TestEvents {
    private static final Map<String, List<EventEnvelope>> STATUS = new ConcurrentHashMap<>();
    private static Thread reader;

    private TestEvents() {
    }

    public static UUID send(String topic, String type, String key, Object payload) {
        return send(topic, UUID.randomUUID(), type, key, Instant.now(), payload);
    }

    public static UUID send(String topic, UUID eventId, String type, String key, Instant occurredAt, Object payload) {
        ObjectMapper json = Arc.container().instance(ObjectMapper.class).get();
        EventEnvelope envelope = new EventEnvelope(eventId, type, key, occurredAt, 1, json.valueToTree(payload));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka().producerConfig())) {
            producer.send(new ProducerRecord<>(topic, key, json.writeValueAsString(envelope))).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + type, e);
        }
        return eventId;
    }

    /** Every status event published for {@code workerId} so far, oldest first. */
    public static List<EventEnvelope> status(UUID workerId) {
        startReader();
        return List.copyOf(STATUS.getOrDefault(workerId.toString(), List.of()));
    }

    /** Waits up to 30 s for a status event of {@code workerId} that matches, and returns the first. */
    public static EventEnvelope awaitStatus(UUID workerId, String type, Predicate<EventEnvelope> match) {
        List<EventEnvelope> found = new ArrayList<>();
        await(type + " for worker " + workerId, () -> {
            status(workerId).stream().filter(e -> e.type().equals(type) && match.test(e)).findFirst()
                    .ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /** Waits up to 30 s until {@code workerId} has exactly {@code count} status events, and returns them. */
    public static List<EventEnvelope> awaitStatusCount(UUID workerId, int count) {
        await(count + " status events for worker " + workerId, () -> status(workerId).size() >= count);
        sleep(300); // nothing more should follow
        List<EventEnvelope> events = status(workerId);
        if (events.size() != count) {
            throw new AssertionError("expected " + count + " status events for " + workerId + ", got " + events);
        }
        return events;
    }

    /** Polls {@code condition} every 50 ms for up to 30 s; consumers and the relay work asynchronously. */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("not within 30 s: " + what);
    }

    /** Waits until worker-service has applied every one of these events (each is in {@code processed_event}). */
    public static void awaitProcessed(javax.sql.DataSource dataSource, List<UUID> events) {
        await(events.size() + " events processed", () -> {
            try (java.sql.Connection c = dataSource.getConnection(); java.sql.PreparedStatement q =
                    c.prepareStatement("SELECT count(*) FROM processed_event WHERE event_id = ANY(?)")) {
                q.setArray(1, c.createArrayOf("uuid", events.toArray()));
                try (java.sql.ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) == events.size();
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static synchronized void startReader() {
        if (reader != null) {
            return;
        }
        ObjectMapper json = Arc.container().instance(ObjectMapper.class).get();
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka().consumerConfig("test-" + UUID.randomUUID()));
        List<TopicPartition> partitions = new CopyOnWriteArrayList<>();
        consumer.partitionsFor(Topics.WORKER_STATUS)
                .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        reader = new Thread(() -> {
            try (consumer) {
                while (true) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        EventEnvelope e = json.readValue(record.value(), EventEnvelope.class);
                        if (!record.key().equals(e.key())) {
                            throw new AssertionError("record key " + record.key() + " differs from envelope key " + e.key());
                        }
                        STATUS.computeIfAbsent(e.key(), k -> new CopyOnWriteArrayList<>()).add(e);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException("the status reader stopped", e);
            }
        }, "test-status-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private static KafkaSettings kafka() {
        return Arc.container().instance(KafkaSettings.class).get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
