package io.tessera.quality.batch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A batch merge that publishes more items than one chunk (one transaction) holds, against the real database. */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_quality_test"))
class BatchMergesTest {
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() / 1000 + 500_000_000L);
    private static final int ITEMS = 1_203; // two full chunks of 500 (tessera.quality.batch-publish-chunk in tests) and a partial one
    @Inject
    DataSource dataSource;
    @Inject
    io.tessera.common.event.KafkaSettings kafka;
    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @Test
    void pairwiseJobsMergeWithTheCategoricalAlgorithmsAndAJobWithoutLabelsIsA409() throws Exception {
        UUID org = UUID.randomUUID();
        UUID pairwise = UUID.randomUUID();
        UUID rating = UUID.randomUUID();
        long pair = IDS.incrementAndGet();
        try (Connection c = dataSource.getConnection()) {
            for (UUID job : new UUID[] {pairwise, rating}) {
                try (PreparedStatement q = c.prepareStatement("""
                        INSERT INTO known_job (id, org_id, kind, max_overlap, first_seen, policy, label_count, schema)
                        VALUES (?, ?, ?, 3, now(), '{}', 2, '{}')""")) {
                    q.setObject(1, job);
                    q.setObject(2, org);
                    q.setString(3, job == pairwise ? "pairwise" : "rating");
                    q.executeUpdate();
                }
            }
            for (String answer : new String[] {"A", "A", "B"}) {
                try (PreparedStatement q = c.prepareStatement("""
                        INSERT INTO label (submission_id, job_id, item_id, worker_id, label, gold, submitted_at)
                        VALUES (?, ?, ?, ?, ?::jsonb, false, now())""")) {
                    q.setLong(1, IDS.incrementAndGet() + 1_000_000_000L);
                    q.setObject(2, pairwise);
                    q.setLong(3, pair);
                    q.setObject(4, UUID.randomUUID());
                    q.setString(5, "\"" + answer + "\"");
                    q.executeUpdate();
                }
            }
        }
        given().auth().oauth2(TestJwt.client(org)).contentType("application/json").body(Map.of("algorithm", "ds"))
                .post("/api/v1/jobs/" + pairwise + "/aggregations").then().statusCode(201)
                .body("algorithm", equalTo("ds")).body("labels[0].label", equalTo("\"A\""));
        given().auth().oauth2(TestJwt.client(org)).contentType("application/json").body(Map.of())
                .post("/api/v1/jobs/" + rating + "/aggregations").then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void everyResolvedItemGetsTheBatchLabelAndOneOutboxEventAcrossChunks() throws Exception {
        long firstItem = IDS.get() + 1;
        OutvotedJob outvoted = OutvotedJob.insert(dataSource, IDS, ITEMS);
        UUID org = outvoted.org();
        UUID job = outvoted.id();
        given().auth().oauth2(TestJwt.client(org)).contentType("application/json")
                .body(Map.of("algorithm", "mv", "publish", true))
                .post("/api/v1/jobs/" + job + "/aggregations").then().statusCode(201)
                .body("items", equalTo(ITEMS)).body("changed", equalTo(ITEMS)).body("published", equalTo(true));
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE label = '"pos"'::jsonb), count(*) FILTER (WHERE decided_at > now() - interval '10 minutes')
                FROM item_decision WHERE job_id = ?""")) {
            q.setObject(1, job);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("every item has the batch label").isEqualTo(ITEMS);
                assertThat(rs.getInt(2)).isEqualTo(ITEMS);
            }
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                SELECT r.published_upto, r.published_at IS NOT NULL, (SELECT max(item_id) FROM item_decision d WHERE d.job_id = r.job_id)
                FROM aggregation_run r WHERE r.job_id = ?""")) {
            q.setObject(1, job);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).as("published up to the last item").isEqualTo(rs.getLong(3));
                assertThat(rs.getBoolean(2)).as("the run's publication is complete").isTrue();
                assertThat(rs.next()).as("one run").isFalse();
            }
        }
        // Every item's item.resolved reaches Kafka through the outbox, once, with the algorithm.
        Map<String, Object> config = kafka.consumerConfig("test-" + UUID.randomUUID());
        config.put("auto.offset.reset", "earliest");
        java.util.Set<Long> seen = new java.util.HashSet<>();
        int events = 0;
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(config)) {
            consumer.subscribe(java.util.List.of(io.tessera.common.event.Topics.TASK_DECISIONS));
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (seen.size() < ITEMS && System.nanoTime() < deadline) {
                for (var r : consumer.poll(java.time.Duration.ofMillis(500))) {
                    var e = json.readValue(r.value(), io.tessera.common.event.EventEnvelope.class);
                    if (job.toString().equals(e.payload().path("jobId").asText())) {
                        assertThat(e.type()).isEqualTo("item.resolved");
                        assertThat(e.payload().path("mergedBy").asText()).isEqualTo("mv");
                        assertThat(e.payload().path("label").asText()).isEqualTo("pos");
                        seen.add(e.payload().path("itemId").asLong());
                        events++;
                    }
                }
            }
        }
        assertThat(seen).hasSize(ITEMS);
        assertThat(seen).allMatch(i -> i >= firstItem);
        assertThat(events).as("one event per item").isEqualTo(ITEMS);
    }
}
