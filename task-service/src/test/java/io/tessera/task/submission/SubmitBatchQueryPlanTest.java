package io.tessera.task.submission;

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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A batch of labels finishes its slots by primary key, also on the generic plan and when the statistics
 * say there are hardly any leased slots: with a {@code state = 'leased'} predicate the planner walked the
 * partial index of every leased slot per batch instead.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class SubmitBatchQueryPlanTest {
    private final TaskApi api = new TaskApi();
    @Inject
    AgroalDataSource dataSource;

    @Test
    void finishingABatchsSlotsUsesThePrimaryKey() throws Exception {
        UUID job = api.runningJob(2000, 3, 0, 0);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false); // rolled back at the end, statistics included
            QueryPlans.fewSlotsInStatistics(s, "leased", job);
            s.execute("PREPARE generic_finish (bigint[], smallint[], uuid[]) AS "
                    + SubmitBatcher.FINISH_SLOTS.replace("?::bigint[]", "$1").replace("?::smallint[]", "$2").replace("?::uuid[]", "$3"));
            s.execute("SET LOCAL plan_cache_mode = force_generic_plan");
            String plan;
            try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE generic_finish ('{1,2}', '{1,1}', '{%s,%s}')"
                    .formatted(UUID.randomUUID(), UUID.randomUUID()))) {
                plan = QueryPlans.text(rs);
            }
            c.rollback();
            s.execute("DEALLOCATE generic_finish");
            c.rollback();
            assertThat(plan).as(plan).contains("task_slot_pkey").doesNotContain("task_slot_assignment");
        }
    }
}
