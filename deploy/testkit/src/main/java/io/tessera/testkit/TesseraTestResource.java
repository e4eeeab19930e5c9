package io.tessera.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a Quarkus test the real parts: its own PostgreSQL database (init arg {@code database}),
 * the shared test Kafka broker with every topic, and the run's JWT keys.
 */
public class TesseraTestResource implements QuarkusTestResourceLifecycleManager {
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
        if (database == null) {
            throw new IllegalArgumentException("TesseraTestResource needs the init arg 'database'");
        }
        // Two checkouts testing at once on one server must not clean each other's database.
        String suffix = System.getenv("TESSERA_TEST_DB_SUFFIX");
        if (suffix != null && !suffix.isBlank()) {
            database = database + "_" + suffix;
        }
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.datasource.jdbc.url", TestDatabase.ensure(database),
                "quarkus.datasource.username", TestDatabase.USER,
                "quarkus.datasource.password", TestDatabase.PASSWORD,
                "kafka.bootstrap.servers", TestKafka.bootstrapServers(),
                "mp.jwt.verify.issuer", TestJwt.ISSUER,
                "mp.jwt.verify.publickey.location", TestJwt.publicKeyPem().toUri().toString(),
                "smallrye.jwt.sign.key.location", TestJwt.privateKeyPem().toUri().toString());
    }

    @Override
    public void stop() {
        // The broker and keys live for the whole test JVM; databases are cleaned by Flyway at start.
    }
}
