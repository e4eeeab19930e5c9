package io.tessera.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.common.event.Topics;
import io.tessera.common.outbox.Outbox;
import io.tessera.common.outbox.OutboxRelay;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * tessera-common's {@link OutboxRelay} against the real database and broker: rows go out and are
 * deleted, a row that commits after a higher id was sent still goes out, and one relay leads.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class OutboxRelayTest {
    private static final String TYPE = "test.relay";
    @Inject
    DataSource dataSource;
    @Inject
    Outbox outbox;

    @Test
    void aRowIsSentThenDeleted() throws Exception {
        String key = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection()) {
            outbox.write(c, Topics.JOBS, TYPE, key, Map.of("n", 1));
        }
        TestEvents.awaitEvent(Topics.JOBS, e -> e.type().equals(TYPE) && e.key().equals(key));
        TestEvents.await("the sent row deleted", () -> rows(key) == 0);
    }

    @Test
    void aRowThatCommitsAfterAHigherIdWasSentIsSentToo() throws Exception {
        String late = UUID.randomUUID().toString();
        String early = UUID.randomUUID().toString();
        try (Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            outbox.write(slow, Topics.JOBS, TYPE, late, Map.of("n", 1)); // takes the lower id, commits later
            try (Connection c = dataSource.getConnection()) {
                outbox.write(c, Topics.JOBS, TYPE, early, Map.of("n", 2));
            }
            TestEvents.awaitEvent(Topics.JOBS, e -> e.type().equals(TYPE) && e.key().equals(early));
            TestEvents.await("the higher id deleted", () -> rows(early) == 0);
            slow.commit();
        }
        TestEvents.awaitEvent(Topics.JOBS, e -> e.type().equals(TYPE) && e.key().equals(late));
        TestEvents.await("the late row deleted", () -> rows(late) == 0);
    }

    @Test
    void oneRelayLeadsTheDatabase() throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT pg_try_advisory_lock(?)")) {
            q.setLong(1, OutboxRelay.LEADER_LOCK);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("the application's relay holds the lock").isFalse();
            }
        }
    }

    private long rows(String key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM outbox WHERE event_key = ?")) {
            q.setString(1, key);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
