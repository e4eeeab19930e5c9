package io.tessera.task;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** For the plan tests: an EXPLAIN's rows as one text, a line each, and statistics that tempt the planner. */
public final class QueryPlans {
    private QueryPlans() {
    }

    /**
     * Statistics that see no slot in {@code state} (every such slot set to done, then ANALYZE), then the job's
     * slots put in that state: a partial index on that state looks nearly empty to the planner, as after an
     * ANALYZE that ran before a big job opened its slots. Run it in a transaction the caller rolls back.
     */
    public static void fewSlotsInStatistics(Statement s, String state, UUID job) throws SQLException {
        s.executeUpdate("UPDATE task_slot SET state = 'done' WHERE state = '%s'".formatted(state));
        s.execute("ANALYZE task_slot");
        String leasedTo = "leased".equals(state) ? ", assignment_id = gen_random_uuid()" : ""; // a leased slot has its assignment
        s.executeUpdate("UPDATE task_slot SET state = '%s'%s WHERE job_id = '%s'".formatted(state, leasedTo, job));
    }

    public static String text(ResultSet plan) throws SQLException {
        StringBuilder out = new StringBuilder();
        while (plan.next()) {
            out.append(plan.getString(1)).append('\n');
        }
        return out.toString();
    }
}
