package io.tessera.task.claim;

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
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The claim's plan and locks. Plan (CLAIM-PATH.md lesson 1): "not labeled by this worker before" must be a key probe
 * per candidate slot, never a scan of the worker's history or of all assignments, which was 120 times
 * slower. Checked on a worker with a long history in a table of 60,000 assignments, after ANALYZE, for
 * the plan made with the values and for the generic plan PostgreSQL settles on after a few executions.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class QueryPlanTest {
    private static final String CLAIM = ClaimService.claimRegular(1, 3);
    private final TaskApi api = new TaskApi();
    @Inject
    AgroalDataSource dataSource;

    @Test
    void theClaimProbesTheWorkersHistoryByKeyPerCandidate() throws Exception {
        UUID job = api.runningJob(2000, 3, 0, 0);
        UUID worker = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // 30 other workers and this one have labeled 2,000 items each (submitted, not holding slots).
            s.executeUpdate("""
                    INSERT INTO assignment (id, item_id, worker_id, job_id, slot, state, leased_at, lease_until)
                    SELECT gen_random_uuid(), i.id, w.id, i.job_id, 1, 'submitted', now(), now()
                    FROM item i, (SELECT gen_random_uuid() AS id FROM generate_series(1, 30)
                                  UNION ALL SELECT '%s'::uuid) w
                    WHERE i.job_id = '%s'""".formatted(worker, job));
            s.execute("ANALYZE assignment");
            s.execute("ANALYZE task_slot");
            assertProbesByKey(explain(c, "EXPLAIN " + CLAIM, job, worker));
            // The generic plan, as PostgreSQL runs the claim once it stops planning it for every execution.
            s.execute("PREPARE generic_claim (uuid, uuid, uuid, uuid, timestamptz, timestamptz, boolean) AS " + numbered(CLAIM));
            s.execute("SET plan_cache_mode = force_generic_plan");
            try {
                try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE generic_claim ('%s', '%s', '%s', '%s', now(), now() + interval '1 minute', false)"
                        .formatted(job, worker, worker, job))) {
                    assertProbesByKey(QueryPlans.text(rs));
                }
            } finally {
                s.execute("RESET plan_cache_mode");
                s.execute("DEALLOCATE generic_claim");
            }
        }
    }

    /**
     * With its limits in the text, the claim is no longer planned at every execution (0.3–0.4 ms each under load):
     * once warm, its executions use PostgreSQL's generic plan. (The pooled connection may have run the claim before,
     * and an ANALYZE makes PostgreSQL plan it afresh a few times, so the test counts what the last executions used.)
     */
    @Test
    void theClaimSettlesOnAGenericPlan() throws Exception {
        UUID job = api.runningJob(2000, 3, 0, 0);
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE task_slot"); // statistics that know the open slots, as under load
            }
            c.setAutoCommit(false);
            claims(c, job, 12); // pgjdbc prepares on the server after 5, PostgreSQL tries 5 custom plans
            long before = genericPlans(c);
            claims(c, job, 12);
            assertThat(genericPlans(c) - before).as("executions of the last 12 on a generic plan").isPositive();
            c.rollback();
        }
    }

    /**
     * A claim of one task locks the one slot it takes: while a worker's claim is still open on an item with
     * three open slots, another worker's claim gets one of the other two. (Locking maxOverlap candidates, as
     * before, held all three until the first claim committed, and the second got nothing.)
     */
    @Test
    void aClaimOfOneTaskLocksOnlyTheSlotItTakes() throws Exception {
        UUID job = api.runningJob(1, 3, 0, 0); // maxOverlap 5
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                assertThat(explain(c, ClaimService.claimRegular(1, 5), job, UUID.randomUUID()).lines()).hasSize(1);
                assertThat(TaskApi.claim(UUID.randomUUID(), job, 1)).as("the other worker's claim, meanwhile").hasSize(1);
            } finally {
                c.rollback();
            }
        }
    }

    /**
     * The batched lease (ClaimBatcher) finds its slots by primary key, also on its generic plan and when the
     * statistics say there are hardly any open slots (ANALYZE ran while few were open, then a big job opened
     * its slots). With a {@code state = 'open'} predicate the planner walked the open-slot index of every job
     * per batch instead: 24.6 s for one batch in a benchmark run.
     */
    @Test
    void theBatchedLeaseFindsItsSlotsByPrimaryKey() throws Exception {
        UUID job = api.runningJob(2000, 3, 0, 0);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false); // rolled back at the end, statistics included: other tests' slots stay as they were
            QueryPlans.fewSlotsInStatistics(s, "open", job);
            s.execute("PREPARE generic_lease (bigint[], smallint[], uuid[], int[], uuid, timestamptz, uuid, timestamptz,"
                    + " timestamptz, boolean) AS " + numbered(ClaimBatcher.LEASE));
            s.execute("SET LOCAL plan_cache_mode = force_generic_plan");
            String plan;
            try (ResultSet rs = s.executeQuery(("EXPLAIN EXECUTE generic_lease ('{1,2}', '{1,1}', '{%s,%s}', '{0,1}', '%s', now(),"
                    + " '%s', now(), now() + interval '1 minute', false)").formatted(UUID.randomUUID(), UUID.randomUUID(), job, job))) {
                plan = QueryPlans.text(rs);
            }
            c.rollback();
            s.execute("DEALLOCATE generic_lease");
            c.rollback();
            assertThat(plan).as(plan).contains("task_slot_pkey").doesNotContain("task_slot_open");
        }
    }

    private static void claims(Connection c, UUID job, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            explain(c, CLAIM, job, UUID.randomUUID());
            c.rollback();
        }
    }

    private static long genericPlans(Connection c) throws Exception {
        try (PreparedStatement q = c.prepareStatement("SELECT generic_plans FROM pg_prepared_statements WHERE statement = ?")) {
            q.setString(1, numbered(CLAIM));
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as("the claim is a prepared statement on the server").isTrue();
                return rs.getLong(1);
            }
        }
    }

    private static void assertProbesByKey(String plan) {
        assertThat(plan).as(plan).containsPattern("Index (Only )?Scan using assignment_once_per_worker on assignment");
        assertThat(plan).as(plan).doesNotContain("Seq Scan on assignment")
                .doesNotContain("assignment_worker").doesNotContain("Hash Anti Join");
        assertThat(plan).as(plan).contains("Index Scan using task_slot_open on task_slot");
    }

    /** The claim with pgjdbc's parameter names ($1, $2, ...), as the server stores it. */
    private static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            out.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
        }
        return out.toString();
    }

    /** Runs {@code sql} with the claim's seven parameters; the rows (a plan, or the claimed tasks) as text. */
    private static String explain(Connection c, String sql, UUID job, UUID worker) throws Exception {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            Instant now = Instant.now();
            q.setObject(1, job);
            q.setObject(2, worker);
            q.setObject(3, worker);
            q.setObject(4, job);
            q.setTimestamp(5, Timestamp.from(now));
            q.setTimestamp(6, Timestamp.from(now.plusSeconds(60)));
            q.setBoolean(7, false);
            try (ResultSet rs = q.executeQuery()) {
                return QueryPlans.text(rs);
            }
        }
    }
}
