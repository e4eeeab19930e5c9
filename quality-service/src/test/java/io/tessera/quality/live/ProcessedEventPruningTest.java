package io.tessera.quality.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.common.event.ProcessedEventPruning;
import io.tessera.common.id.TimeOrderedIds;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code processed_event} loses the rows Kafka can no longer deliver again (older than the 15-day
 * retention) and keeps the younger ones; the tests' profile prunes 2 rows per chunk, so 5 old rows take
 * three chunks.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_quality_test"))
class ProcessedEventPruningTest {
    @Inject
    DataSource dataSource;
    @Inject
    ProcessedEventPruning pruning;

    @Test
    void rowsOlderThanTheRetentionGoAndYoungerOnesStay() throws Exception {
        List<UUID> old = insert(5, "16 days");
        List<UUID> young = insert(2, "14 days");
        List<UUID> fresh = insert(2, "0 days");

        assertThat(pruning.prune()).as("rows deleted").isEqualTo(5);

        assertThat(ProcessedEvents.count(dataSource, old)).as("older than 15 days").isZero();
        assertThat(ProcessedEvents.count(dataSource, young)).as("14 days old").isEqualTo(2);
        assertThat(ProcessedEvents.count(dataSource, fresh)).as("just processed").isEqualTo(2);
        assertThat(pruning.prune()).as("nothing left to delete").isZero();
    }

    private List<UUID> insert(int count, String age) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "INSERT INTO processed_event (event_id, processed_at) VALUES (?, now() - ?::interval)")) {
            for (int i = 0; i < count; i++) {
                UUID id = TimeOrderedIds.next();
                q.setObject(1, id);
                q.setString(2, age);
                q.executeUpdate();
                ids.add(id);
            }
        }
        return ids;
    }
}
