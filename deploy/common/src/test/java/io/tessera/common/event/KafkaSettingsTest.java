package io.tessera.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {
    @Test
    void clientSettingsComeFromKafkaPropertiesInBothSpellings() {
        assertEquals("security.protocol", KafkaSettings.clientKey("kafka.security.protocol"));
        assertEquals("sasl.mechanism", KafkaSettings.clientKey("KAFKA_SASL_MECHANISM"));
        assertEquals("bootstrap.servers", KafkaSettings.clientKey("KAFKA_BOOTSTRAP_SERVERS"));
    }

    @Test
    void otherPropertiesAndTheBrokersOwnVariablesAreNotPassedToClients() {
        assertNull(KafkaSettings.clientKey("KAFKA_HEAP_OPTS"));
        assertNull(KafkaSettings.clientKey("kafka.no.such.setting"));
        assertNull(KafkaSettings.clientKey("quarkus.http.port"));
    }

    @Test
    void consumersFetchAsKafkaDoesUnlessConfiguredOtherwise() {
        Map<String, Object> defaults = new KafkaSettings("localhost:9092", config(Map.of())).consumerConfig("g");
        assertNull(defaults.get("fetch.min.bytes"));
        assertNull(defaults.get("fetch.max.wait.ms"));

        Map<String, Object> tuned = new KafkaSettings("localhost:9092",
                config(Map.of("kafka.fetch.max.wait.ms", "100", "KAFKA_FETCH_MIN_BYTES", "65536"))).consumerConfig("g");
        assertEquals("100", tuned.get("fetch.max.wait.ms"));
        assertEquals("65536", tuned.get("fetch.min.bytes"));
        assertEquals("g", tuned.get("group.id"));
    }

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 100)).build();
    }
}
