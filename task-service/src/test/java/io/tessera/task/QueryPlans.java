package io.tessera.task;

import java.sql.ResultSet;
import java.sql.SQLException;

/** For the plan tests: an EXPLAIN's rows as one text, a line each. */
public final class QueryPlans {
    private QueryPlans() {
    }

    public static String text(ResultSet plan) throws SQLException {
        StringBuilder out = new StringBuilder();
        while (plan.next()) {
            out.append(plan.getString(1)).append('\n');
        }
        return out.toString();
    }
}
