package io.tessera.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.common.event.Topics;
import io.tessera.common.outbox.Outbox;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Flyway runs this service's migrations and the shared db/common one, and the shared beans work on them. */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class SchemaTest {
    @Inject
    DataSource dataSource;
    @Inject
    Outbox outbox;

    @Test
    void sharedAndOwnMigrationsBothRan() throws SQLException {
        assertEquals(List.of("0.1", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"),
                column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"));
        assertEquals(List.of("account", "activity", "api_key", "client_org", "dead_letter", "exam_attempt", "fraud_scan",
                "fraud_signal", "job_kind", "job_pay_target", "known_job", "ledger_entry", "org_pay_target", "outbox", "processed_event", "qualification", "sign_in", "signup_code", "submission_pay", "team", "vendor",
                "verdict", "worker", "worker_block", "worker_job", "worker_job_agreement", "worker_job_score", "worker_qualification", "worker_score", "worker_skill"),
                column("""
                SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'
                AND table_name <> 'flyway_schema_history' ORDER BY table_name"""));
    }

    @Test
    void outboxRelayPublishesFromTheSharedTable() throws Exception {
        UUID key = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection()) {
                outbox.write(c, Topics.WORKER_STATUS, "test.ping", key.toString(), Map.of("probe", true));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        // The relay deletes a row only after Kafka acknowledged it.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (count("SELECT count(*) FROM outbox WHERE event_key = '" + key + "'") > 0) {
            assertTrue(Instant.now().isBefore(deadline), "the relay did not publish the outbox row within 30 s");
            Thread.sleep(50);
        }
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(column(sql).get(0));
    }

    private List<String> column(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
