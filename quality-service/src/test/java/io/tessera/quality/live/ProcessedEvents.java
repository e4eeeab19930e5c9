package io.tessera.quality.live;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** What {@code processed_event} holds, for the consumer tests. */
final class ProcessedEvents {
    private ProcessedEvents() {
    }

    /** How many of {@code ids} are recorded as processed. */
    static int count(DataSource dataSource, List<UUID> ids) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM processed_event WHERE event_id = ANY (?)")) {
            q.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
