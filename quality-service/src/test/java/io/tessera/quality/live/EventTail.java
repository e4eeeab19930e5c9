package io.tessera.quality.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads the events a test causes on one topic, from the moment it is opened. Events that do not match
 * the current wait are kept for later waits, so a test can await events in any order.
 */
final class EventTail implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final ObjectMapper json;
    private final List<EventEnvelope> backlog = new ArrayList<>();

    EventTail(KafkaSettings kafka, ObjectMapper json, String topic) {
        this.json = json;
        Map<String, Object> config = kafka.consumerConfig("test-" + UUID.randomUUID());
        config.put("auto.offset.reset", "latest");
        consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(topic));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100));
        }
        // Resolve "latest" now: left to the next poll, it could skip an event the test causes before that.
        consumer.assignment().forEach(consumer::position);
    }

    /**
     * The next event matching {@code match}, within 30 s. Every record of a poll goes to the backlog
     * before any is matched: one poll can carry several events, and returning on the first match would
     * drop the rest of its batch.
     */
    EventEnvelope next(Predicate<EventEnvelope> match) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        do {
            for (Iterator<EventEnvelope> seen = backlog.iterator(); seen.hasNext();) {
                EventEnvelope e = seen.next();
                if (match.test(e)) {
                    seen.remove();
                    return e;
                }
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                backlog.add(json.readValue(r.value(), EventEnvelope.class));
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no matching event within 30 s");
    }

    @Override
    public void close() {
        consumer.close();
    }
}
