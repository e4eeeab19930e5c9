package io.tessera.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
