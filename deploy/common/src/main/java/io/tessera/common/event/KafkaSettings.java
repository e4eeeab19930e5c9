package io.tessera.common.event;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Kafka client settings shared by the outbox relay and the consumers. Every {@code kafka.*} config
 * property is passed to the clients without the prefix ({@code kafka.bootstrap.servers},
 * {@code kafka.security.protocol}, {@code kafka.sasl.jaas.config}, … or their environment forms
 * such as {@code KAFKA_SECURITY_PROTOCOL}), so a secured cluster needs configuration, not code.
 */
@ApplicationScoped
public class KafkaSettings {
    private static final String PREFIX = "kafka.";
    private final Map<String, Object> common = new HashMap<>();

    @Inject
    public KafkaSettings(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this(bootstrapServers, ConfigProvider.getConfig());
    }

    /** With the given configuration instead of the application's (for tests). */
    KafkaSettings(String bootstrapServers, Config config) {
        for (String name : config.getPropertyNames()) {
            String key = clientKey(name);
            if (key != null) {
                config.getOptionalValue(name, String.class).ifPresent(value -> common.put(key, value));
            }
        }
        common.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    /** {@code kafka.sasl.mechanism} or {@code KAFKA_SASL_MECHANISM} → {@code sasl.mechanism}, if a client knows it. */
    static String clientKey(String name) {
        String key;
        if (name.startsWith(PREFIX)) {
            key = name.substring(PREFIX.length());
        } else if (name.startsWith("KAFKA_")) {
            key = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
        } else {
            return null;
        }
        return ProducerConfig.configNames().contains(key) || ConsumerConfig.configNames().contains(key) ? key : null;
    }

    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(common);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return config;
    }

    /**
     * Kafka's fetch defaults: a fetch returns as soon as one record is there, so events move on at once and a
     * consumer that keeps up takes small polls. {@code kafka.fetch.min.bytes} and {@code kafka.fetch.max.wait.ms}
     * trade latency for larger batches (docs/performance.md, session 7: measured, and not the default).
     */
    public Map<String, Object> consumerConfig(String groupId) {
        Map<String, Object> config = new HashMap<>(common);
        // A crashed instance's partitions move to the others after 10 s, not the default 45 s.
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return config;
    }
}
