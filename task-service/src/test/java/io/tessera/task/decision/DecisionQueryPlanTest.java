package io.tessera.task.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.task.QueryPlans;
import io.tessera.task.TaskApi;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Decisions remove the resolved items' open slots by primary key, also when the statistics say there
 * are hardly any open slots (ANALYZE ran while a job had none open, then a big job opened its slots):
 * that is when the planner took the partial open-slot index and walked all of it per decision.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class DecisionQueryPlanTest {
    private final TaskApi api = new TaskApi();
    @Inject
    AgroalDataSource dataSource;

    @Test
    void droppingAnItemsOpenSlotsUsesThePrimaryKey() throws Exception {
        UUID job = api.runningJob(2000, 3, 0, 0);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false); // rolled back at the end, statistics included: other tests' slots stay as they were
            QueryPlans.fewSlotsInStatistics(s, "open", job);
            Long[] items = new Long[10]; // a transaction's resolutions
            try (ResultSet rs = s.executeQuery(
                    "SELECT DISTINCT item_id FROM task_slot WHERE job_id = '%s' ORDER BY 1 LIMIT 10".formatted(job))) {
                for (int i = 0; rs.next(); i++) {
                    items[i] = rs.getLong(1);
                }
            }
            String plan = explain(c, items);
            c.rollback();
            assertThat(plan).as(plan).contains("task_slot_pkey").doesNotContain("task_slot_open");
        }
    }

    private static String explain(Connection c, Long[] items) throws Exception {
        try (PreparedStatement q = c.prepareStatement("EXPLAIN " + DecisionConsumer.DROP_OPEN_SLOTS)) {
            q.setArray(1, c.createArrayOf("bigint", items));
            try (ResultSet rs = q.executeQuery()) {
                return QueryPlans.text(rs);
            }
        }
    }
}
