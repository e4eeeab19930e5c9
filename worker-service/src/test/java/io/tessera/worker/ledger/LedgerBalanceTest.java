package io.tessera.worker.ledger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.KafkaSettings;
import io.tessera.common.event.Topics;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.worker.TestData;
import io.tessera.worker.TestEvents;
import io.tessera.worker.block.VerdictTestEvents;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Balances add up to the cent: per worker, per vendor (where the work was booked), and in the payout
 * export, after random rewards, a vendor move, a verdict racing the submissions it rejects, bonuses
 * and adjustments.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class LedgerBalanceTest {
    private static final UUID REMOTE = new UUID(0, 0); // stands for "no vendor" in the expected sums

    @Inject
    DataSource dataSource;

    private final Map<UUID, Long> byWorker = new HashMap<>();
    private final Map<List<UUID>, Long> byWorkerAndVendor = new HashMap<>();
    private final Map<UUID, UUID> vendorOf = new HashMap<>();
    private final List<UUID> events = new ArrayList<>();

    @Test
    void everyBalanceAddsUpExactly() {
        Instant from = Instant.now().minus(Duration.ofMinutes(1));
        SplittableRandom random = new SplittableRandom(20261129);
        UUID v1 = TestData.vendor();
        UUID v2 = TestData.vendor();
        UUID orgA = TestData.org();
        UUID orgB = TestData.org();
        UUID w1 = worker(v1, "Ann");
        UUID w2 = worker(v1, "=Bob, the \"mover\""); // a display name a spreadsheet would run
        UUID w3 = worker(v2, "Cid");
        UUID w4 = worker(null, "Dot");
        List<UUID> workers = List.of(w1, w2, w3, w4);
        UUID j1 = UUID.randomUUID();
        UUID j2 = UUID.randomUUID();
        UUID j3 = UUID.randomUUID();
        Map<UUID, UUID> orgOf = Map.of(j1, orgA, j2, orgA, j3, orgB);
        List<UUID> jobs = List.of(j1, j2, j3);
        Map<List<UUID>, Long> w1InJ1 = new HashMap<>();

        // phase 1: random rewards, w3 certainly in j1 (for the bonus)
        reward(w3, j1, orgA, 333);
        for (int i = 0; i < 40; i++) {
            UUID w = workers.get(random.nextInt(workers.size()));
            UUID j = jobs.get(random.nextInt(jobs.size()));
            int cents = 1 + random.nextInt(999);
            reward(w, j, orgOf.get(j), cents);
            if (w.equals(w1) && j.equals(j1)) {
                w1InJ1.merge(List.of(w1, v1), (long) cents, Long::sum);
            }
        }
        awaitAll();

        // w2 moves to v2: what w2 earns from now on is booked to v2
        given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(Map.of("vendorId", v2.toString()))
                .put("/api/v1/workers/{id}/vendor", w2).then().statusCode(200);
        vendorOf.put(w2, v2);

        // phase 2: more rewards, with w1's rejection in j1 racing its own submissions there
        UUID verdict = UUID.randomUUID();
        Map<String, Object> v = VerdictTestEvents.payload(verdict, w1, j1, orgA, "job", true);
        Instant decidedAt = Instant.parse((String) v.get("decidedAt"));
        for (int i = 0; i < 60; i++) {
            if (i == 30) {
                events.add(TestEvents.send(Topics.WORKER_SCORES, "worker.verdict", w1.toString(), v));
            }
            UUID w = i % 3 == 0 ? w1 : workers.get(random.nextInt(workers.size()));
            UUID j = i % 3 == 0 ? j1 : jobs.get(random.nextInt(jobs.size()));
            int cents = 1 + random.nextInt(999);
            // all of them made before the verdict: every one of w1's in j1 must end up reversed
            reward(w, j, orgOf.get(j), cents, decidedAt.minusMillis(1000 - i));
            if (w.equals(w1) && j.equals(j1)) {
                w1InJ1.merge(List.of(w1, v1), (long) cents, Long::sum);
            }
        }
        awaitAll();
        long reversed = w1InJ1.values().stream().mapToLong(Long::longValue).sum();
        expect(w1, -reversed);

        // a bonus and adjustments
        LedgerTest.bonus(TestJwt.client(orgA), w3, j1, 4_321, "fast and right", null).then().statusCode(201);
        expect(w3, 4_321);
        LedgerTest.adjust(TestJwt.admin(), w4, Map.of("amountCents", -77, "reason", "correction")).then().statusCode(201);
        expect(w4, -77);
        LedgerTest.adjust(TestJwt.admin(), w2, Map.of("amountCents", 1_000, "reason", "floor bonus")).then()
                .statusCode(201);
        expect(w2, 1_000);

        // per worker
        for (UUID w : workers) {
            given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/earnings", w).then().statusCode(200)
                    .body("balanceCents", equalTo(byWorker.getOrDefault(w, 0L).intValue()));
        }
        assertThat(count("SELECT count(*) FROM ledger_entry WHERE kind = 'reversal' AND verdict_id = '" + verdict + "'")
                + count("SELECT count(*) FROM ledger_entry r JOIN ledger_entry w ON w.id = r.reverses"
                        + " WHERE r.kind = 'reversal' AND r.verdict_id IS NULL AND w.worker_id = '" + w1 + "'"))
                .isEqualTo(count("SELECT count(*) FROM ledger_entry WHERE kind = 'reward' AND worker_id = '" + w1
                        + "' AND job_id = '" + j1 + "'"));

        // per vendor: the sum of its workers' lines, and what the test booked to it
        for (UUID vendor : List.of(v1, v2)) {
            JsonPath earnings = given().auth().oauth2(TestJwt.admin()).get("/api/v1/vendors/{id}/earnings", vendor)
                    .then().statusCode(200).extract().jsonPath();
            long total = earnings.getLong("balanceCents");
            long lines = earnings.getList("workers.balanceCents", Long.class).stream().mapToLong(Long::longValue).sum();
            assertThat(lines).isEqualTo(total);
            long expected = byWorkerAndVendor.entrySet().stream().filter(e -> e.getKey().get(1).equals(vendor))
                    .mapToLong(Map.Entry::getValue).sum();
            assertThat(total).as("vendor %s", vendor).isEqualTo(expected);
        }

        // the payout export: one line per worker and vendor; the lines add up to the balances
        Instant to = Instant.now().plus(Duration.ofMinutes(1));
        String csv = given().auth().oauth2(TestJwt.admin()).queryParam("from", from.toString())
                .queryParam("to", to.toString()).get("/api/v1/payouts")
                .then().statusCode(200).contentType(startsWith("text/csv"))
                .body(startsWith(PayoutCsv.HEADER + "\r\n"))
                .body(containsString(",\"'=Bob, the \"\"mover\"\"\","))
                .extract().asString();
        Map<List<UUID>, Long> fromCsv = new HashMap<>();
        for (String line : csv.split("\r\n")) {
            String[] cells = line.replaceAll("\"[^\"]*(\"\"[^\"]*)*\"", "x").split(",", -1);
            if (cells[0].equals("from") || !workers.contains(UUID.fromString(cells[2]))) {
                continue;
            }
            UUID vendor = cells[5].isEmpty() ? REMOTE : UUID.fromString(cells[5]);
            long net = Long.parseLong(cells[11]);
            assertThat(net).isEqualTo(Long.parseLong(cells[7]) + Long.parseLong(cells[8]) + Long.parseLong(cells[9])
                    + Long.parseLong(cells[10]));
            fromCsv.put(List.of(UUID.fromString(cells[2]), vendor), net);
        }
        Map<List<UUID>, Long> expected = new HashMap<>(byWorkerAndVendor);
        expected.values().removeIf(cents -> cents == 0);
        assertThat(fromCsv).isEqualTo(expected);
        assertThat(fromCsv.keySet()).contains(List.of(w2, v1), List.of(w2, v2)); // w2's work on both floors
    }

    @Test
    void aBurstOfOneWorkersSubmissionsAcrossPartitionsIsBookedCompletely() throws Exception {
        UUID org = UUID.randomUUID();
        List<UUID> workers = List.of(worker(null, "E1"), worker(null, "E2"), worker(null, "E3"));
        List<UUID> jobs = List.of(UUID.randomUUID(), UUID.randomUUID());
        ObjectMapper json = Arc.container().instance(ObjectMapper.class).get();
        KafkaSettings kafka = Arc.container().instance(KafkaSettings.class).get();
        int n = 600;
        // one producer, fast: the consumer's batches then hold many submissions of the same workers and jobs
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig())) {
            for (int i = 0; i < n; i++) {
                UUID w = workers.get(i % workers.size());
                UUID j = jobs.get(i % jobs.size());
                Map<String, Object> p = SubmissionTestEvents.payload(SubmissionTestEvents.nextId(), w, j, org, 3,
                        Instant.now());
                UUID eventId = UUID.randomUUID();
                events.add(eventId);
                expect(w, 3);
                EventEnvelope envelope = new EventEnvelope(eventId, "submission.created", p.get("itemId").toString(),
                        Instant.now(), 1, json.valueToTree(p));
                producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, envelope.key(), json.writeValueAsString(envelope)));
            }
        }
        awaitAll();
        for (UUID w : workers) {
            given().auth().oauth2(TestJwt.admin()).get("/api/v1/workers/{id}/earnings", w).then()
                    .body("balanceCents", equalTo(byWorker.get(w).intValue())).body("entries", equalTo(n / 3));
        }
        StringBuilder ids = new StringBuilder();
        workers.forEach(w -> ids.append(ids.length() == 0 ? "" : "|").append(w));
        assertThat(count("SELECT count(*) FROM dead_letter WHERE record_value ~ '" + ids + "'")).isZero();
    }

    @Test
    void thePayoutExportIsForAdminsAndNeedsAPeriod() {
        given().auth().oauth2(TestJwt.admin()).get("/api/v1/payouts").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(TestJwt.admin()).queryParam("from", "2026-11-01").queryParam("to", "2026-10-01")
                .get("/api/v1/payouts").then().statusCode(400).body("errors[0].field", equalTo("to"));
        given().auth().oauth2(TestJwt.admin()).queryParam("from", "Nov 1").queryParam("to", "2026-12-01")
                .get("/api/v1/payouts").then().statusCode(400).body("errors[0].field", equalTo("from"));
        given().auth().oauth2(TestJwt.admin()).queryParam("from", "2000-01-01").queryParam("to", "2000-02-01")
                .get("/api/v1/payouts").then().statusCode(200).body(equalTo(PayoutCsv.HEADER + "\r\n"));
        given().auth().oauth2(TestData.managerToken(UUID.randomUUID())).queryParam("from", "2000-01-01")
                .queryParam("to", "2000-02-01").get("/api/v1/payouts").then().statusCode(403);
    }

    private UUID worker(UUID vendor, String displayName) {
        Map<String, Object> body = TestData.workerBody(TestData.unique("pay"));
        body.put("displayName", displayName);
        if (vendor != null) {
            body.put("vendorId", vendor.toString());
        }
        UUID id = UUID.fromString(given().auth().oauth2(TestJwt.admin()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/workers").then().statusCode(201).extract().path("id"));
        vendorOf.put(id, vendor == null ? REMOTE : vendor);
        return id;
    }

    private void reward(UUID worker, UUID job, UUID org, int cents) {
        reward(worker, job, org, cents, Instant.now());
    }

    private void reward(UUID worker, UUID job, UUID org, int cents, Instant at) {
        events.add(SubmissionTestEvents.submit(SubmissionTestEvents.nextId(), worker, job, org, cents, at));
        expect(worker, cents);
    }

    private void expect(UUID worker, long cents) {
        byWorker.merge(worker, cents, Long::sum);
        // a reversal is booked to the vendor of the reward it reverses: w1 never moves, so v1
        byWorkerAndVendor.merge(List.of(worker, Objects.requireNonNull(vendorOf.get(worker))), cents, Long::sum);
    }

    private void awaitAll() {
        StringBuilder ids = new StringBuilder();
        for (UUID e : events) {
            ids.append(ids.length() == 0 ? "" : ",").append('\'').append(e).append('\'');
        }
        int n = events.size();
        TestEvents.await(n + " events processed", () -> count(
                "SELECT count(*) FROM processed_event WHERE event_id IN (" + ids + ")") == n);
    }

    private long count(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql);
                ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
