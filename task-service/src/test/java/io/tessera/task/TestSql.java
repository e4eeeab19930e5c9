package io.tessera.task;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** For tests that put the database into a state the API cannot reach (a consumer's writes, a block). */
public final class TestSql {
    private TestSql() {
    }

    /** Runs one statement on {@code c} with {@code params} bound in order. */
    public static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                q.setObject(i + 1, params[i]);
            }
            q.executeUpdate();
        }
    }
}
