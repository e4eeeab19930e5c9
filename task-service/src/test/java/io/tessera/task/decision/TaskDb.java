package io.tessera.task.decision;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads internal ids that the public API does not expose (quality-service learns them from events). */
final class TaskDb {
    private TaskDb() {
    }

    static List<Long> itemIds(UUID job) {
        AgroalDataSource ds = Arc.container().instance(AgroalDataSource.class).get();
        try (Connection c = ds.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT id FROM item WHERE job_id = ? AND NOT gold ORDER BY id")) {
            q.setObject(1, job);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
