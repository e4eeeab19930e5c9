package io.tessera.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.KafkaSettings;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes events to the test broker as another service would, in the platform's envelope. */
public final class TestEvents {
    private TestEvents() {
    }

    public static void send(String topic, String type, String key, Object payload) {
        send(topic, UUID.randomUUID(), type, key, payload);
    }

    public static void send(String topic, UUID eventId, String type, String key, Object payload) {
        send(topic, eventId, type, key, Instant.now(), payload);
    }

    /** With a chosen {@code occurredAt}, to play events that arrive out of order. */
    public static void send(String topic, UUID eventId, String type, String key, Instant occurredAt, Object payload) {
        ObjectMapper json = Arc.container().instance(ObjectMapper.class).get();
        KafkaSettings kafka = Arc.container().instance(KafkaSettings.class).get();
        EventEnvelope envelope = new EventEnvelope(eventId, type, key, occurredAt, 1, json.valueToTree(payload));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig())) {
            producer.send(new ProducerRecord<>(topic, key, json.writeValueAsString(envelope))).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + type, e);
        }
    }

    /** The first event on {@code topic} (read from the beginning) that matches, within 30 s. */
    public static EventEnvelope awaitEvent(String topic, java.util.function.Predicate<EventEnvelope> match) {
        ObjectMapper json = Arc.container().instance(ObjectMapper.class).get();
        KafkaSettings kafka = Arc.container().instance(KafkaSettings.class).get();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(
                kafka.consumerConfig("test-" + UUID.randomUUID()))) {
            consumer.subscribe(java.util.List.of(topic));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(java.time.Duration.ofMillis(200))) {
                    EventEnvelope e = json.readValue(record.value(), EventEnvelope.class);
                    if (match.test(e)) {
                        if (!record.key().equals(e.key())) {
                            throw new AssertionError("record key " + record.key() + " differs from envelope key " + e.key());
                        }
                        return e;
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("no matching event on " + topic + " within 30 s");
    }

    /** Polls {@code condition} every 100 ms for up to 15 s; consumers apply events asynchronously. */
    public static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("not within 15 s: " + what);
    }
}
