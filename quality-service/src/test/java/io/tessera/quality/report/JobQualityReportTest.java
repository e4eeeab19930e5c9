package io.tessera.quality.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The job report's agreement metrics, label distribution and model over labels stored in the real
 * database, on inputs with published values (shared/datasets/agreement_reference.md).
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_quality_test"))
class JobQualityReportTest {
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() / 1000);
    @Inject
    DataSource dataSource;

    /** Krippendorff (2011): 4 coders × 12 units, values 1..5, NaN = missing. */
    private static final double N = Double.NaN;
    private static final double[][] KRIPPENDORFF_2011 = {
            {1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N},
            {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3},
            {N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N},
            {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N}};

    @Test
    void categoricalJobReportsFleissKrippendorffCohenPerPairDistributionAndTheDawidSkeneModel() throws Exception {
        UUID org = UUID.randomUUID();
        UUID job = job(org, "{\"kind\":\"categorical\",\"labels\":[\"yes\",\"no\"]}", "{}");
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        // The textbook 2×2 table: A yes/B yes 20, yes/no 5, no/yes 10, no/no 15 (Cohen's kappa 0.4).
        int[][] cells = {{20, 5}, {10, 15}};
        String[] names = {"yes", "no"};
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int n = 0; n < cells[i][j]; n++) {
                    long item = IDS.incrementAndGet();
                    label(job, item, a, "\"" + names[i] + "\"", false);
                    label(job, item, b, "\"" + names[j] + "\"", false);
                }
            }
        }
        // A third worker on few items: a pair with fewer than 10 shared items is not listed.
        String c = UUID.randomUUID().toString();
        long few = IDS.incrementAndGet();
        label(job, few, a, "\"yes\"", false);
        label(job, few, c, "\"yes\"", false);

        JsonPath r = report(org, job);
        assertThat(r.getString("kind")).isEqualTo("categorical");
        // Fleiss with two raters: P̄ = 35/50 (+ the one agreeing item), p = (yes, no) shares.
        double pBar = 36.0 / 51;
        double yes = 57.0 / 102;
        double pe = yes * yes + (1 - yes) * (1 - yes);
        assertThat(metric(r, "fleiss_kappa")).isCloseTo((pBar - pe) / (1 - pe), within(1e-9));
        assertThat(r.getInt("agreement.job.find { it.metric == 'fleiss_kappa' }.units")).isEqualTo(51);
        assertThat(metric(r, "krippendorff_alpha")).isCloseTo(
                1 - (30.0 / 102) / (2.0 * 57 * 45 / (102.0 * 101)), within(1e-9));
        assertThat(r.getString("agreement.pairs.metric")).isEqualTo("cohen_kappa");
        assertThat(r.getInt("agreement.pairs.eligiblePairs")).isEqualTo(1);
        assertThat(r.getList("agreement.pairs.pairs")).hasSize(1);
        assertThat(r.getInt("agreement.pairs.pairs[0].sharedItems")).isEqualTo(50);
        assertThat(r.getDouble("agreement.pairs.pairs[0].value")).isCloseTo(0.4, within(1e-9));
        assertThat(List.of(r.getString("agreement.pairs.pairs[0].workerA"), r.getString("agreement.pairs.pairs[0].workerB")))
                .containsExactlyInAnyOrder(a, b);

        assertThat(r.getList("labelDistribution.label")).containsExactly("yes", "no");
        assertThat(r.getList("labelDistribution.count", Integer.class)).containsExactly(57, 45);
        assertThat(r.getDouble("labelDistribution[0].share")).isCloseTo(57.0 / 102, within(1e-9));

        assertThat(r.getString("model.algorithm")).isEqualTo("ds");
        assertThat(r.getBoolean("model.modelConfusion")).isTrue();
        assertThat(r.getList("model.labels")).containsExactly("no", "yes");
        assertThat(r.getInt("model.workerCount")).isEqualTo(3);
        assertThat(r.getString("model.workers[0].workerId")).as("most labels first").isEqualTo(a);
        List<List<Double>> confusion = r.getList("model.workers[0].confusion");
        for (List<Double> row : confusion) {
            assertThat(row.stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void fleissOnTheDiagnosesDataAndTheModelHonoursTheJobsBatchAlgorithm() throws Exception {
        UUID org = UUID.randomUUID();
        UUID job = job(org, "{\"kind\":\"categorical\",\"labels\":[\"1\",\"2\",\"3\",\"4\",\"5\"]}",
                "{\"batchAlgorithm\":\"mv\"}");
        String[] diagnoses = {"444444", "222555", "233335", "555555", "222444", "113333", "333355", "113334", "114444",
                "555555", "144444", "124444", "222333", "144444", "224445", "333335", "111455", "111112", "224444",
                "133555", "555555", "244444", "224555", "114444", "144445", "222224", "111155", "224444", "133333",
                "555555"};
        String[] raters = new String[6];
        for (int i = 0; i < 6; i++) {
            raters[i] = UUID.randomUUID().toString();
        }
        for (String patient : diagnoses) {
            long item = IDS.incrementAndGet();
            for (int i = 0; i < 6; i++) {
                label(job, item, raters[i], "\"" + patient.charAt(i) + "\"", false);
            }
        }
        JsonPath r = report(org, job);
        assertThat(metric(r, "fleiss_kappa")).isCloseTo(0.4302445, within(1e-7));
        assertThat(r.getList("labelDistribution.count", Integer.class)).containsExactly(26, 26, 30, 55, 43);
        assertThat(r.getInt("agreement.pairs.eligiblePairs")).as("6 raters, every pair shares 30 items").isEqualTo(15);
        assertThat(r.getString("model.algorithm")).isEqualTo("mv");
    }

    @Test
    void ratingJobsUseKrippendorffWithTheirScale() throws Exception {
        for (var scale : Map.of("ordinal", 0.815388, "interval", 0.849107).entrySet()) {
            UUID org = UUID.randomUUID();
            UUID job = job(org, "{\"kind\":\"rating\",\"min\":1,\"max\":5,\"step\":1,\"scale\":\"" + scale.getKey() + "\"}",
                    "{}");
            String[] coders = new String[4];
            for (int i = 0; i < 4; i++) {
                coders[i] = UUID.randomUUID().toString();
            }
            for (int u = 0; u < 12; u++) {
                long item = IDS.incrementAndGet();
                for (int i = 0; i < 4; i++) {
                    if (!Double.isNaN(KRIPPENDORFF_2011[i][u])) {
                        label(job, item, coders[i], Integer.toString((int) KRIPPENDORFF_2011[i][u]), false);
                    }
                }
            }
            JsonPath r = report(org, job);
            assertThat(metric(r, "krippendorff_alpha_" + scale.getKey())).as(scale.getKey())
                    .isCloseTo(scale.getValue(), within(1e-6));
            assertThat(r.getInt("agreement.job[0].units")).as("unit 12 has one value").isEqualTo(11);
            assertThat(r.getList("labelDistribution.label", Integer.class)).containsExactly(1, 2, 3, 4, 5);
            assertThat(r.getList("labelDistribution.count", Integer.class)).containsExactly(9, 13, 11, 5, 3);
            assertThat(r.getString("model.algorithm")).as("the kind's merge").isEqualTo("median");
            assertThat(r.getInt("model.workerCount")).isEqualTo(4);
            assertThat(r.getList("model.workers.skill")).hasSize(4).doesNotContainNull();
            assertThat(r.getString("model.skillMeaning")).contains("lower is better");
            assertThat(r.getString("model.workers[0].confusion")).isNull();
        }
    }

    @Test
    void multiLabelJobsUseMasiAndBoxJobsF1() throws Exception {
        UUID org = UUID.randomUUID();
        UUID job = job(org, "{\"kind\":\"multi-label\",\"labels\":[\"dog\",\"cat\",\"mouse\"]}", "{}");
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        long x = IDS.incrementAndGet();
        long y = IDS.incrementAndGet();
        long z = IDS.incrementAndGet();
        label(job, x, a, "[\"dog\"]", false);
        label(job, x, b, "[\"dog\"]", false);
        label(job, y, a, "[\"cat\"]", false);
        label(job, y, b, "[\"cat\"]", false);
        label(job, z, a, "[\"cat\"]", false);
        label(job, z, b, "[\"cat\",\"mouse\"]", false);
        JsonPath r = report(org, job);
        assertThat(metric(r, "krippendorff_alpha_masi")).isCloseTo(0.6673336668334168, within(1e-12));
        assertThat(r.getList("labelDistribution.count", Integer.class)).containsExactly(2, 4, 1);
        assertThat(r.getString("model.algorithm")).isEqualTo("per-label-ds");
        assertThat(r.getList("model.workers.skill")).hasSize(2).doesNotContainNull();

        UUID boxes = job(org, "{\"kind\":\"bounding-boxes\",\"labels\":[\"sofa\",\"pot\"]}", "{}");
        long image = IDS.incrementAndGet();
        label(boxes, image, a, "[{\"label\":\"sofa\",\"x\":10,\"y\":10,\"w\":100,\"h\":50},"
                + "{\"label\":\"pot\",\"x\":300,\"y\":300,\"w\":20,\"h\":20}]", false);
        label(boxes, image, b, "[{\"label\":\"sofa\",\"x\":12,\"y\":10,\"w\":100,\"h\":50}]", false);
        JsonPath boxReport = report(org, boxes);
        assertThat(metric(boxReport, "box_f1_mean")).as("one match, one box only A drew").isCloseTo(2.0 / 3, within(1e-12));
        assertThat(boxReport.getList("labelDistribution.count", Integer.class)).containsExactly(2, 1);
        assertThat(boxReport.getString("model.algorithm")).isEqualTo("box-weighted");
        assertThat(boxReport.getDouble("model.workers.find { it.workerId == '" + b + "' }.skill"))
                .as("b's one box matches a merged box").isGreaterThan(0);
    }

    @Test
    void goldAndRejectedLabelsStayOutOfAgreement() throws Exception {
        UUID org = UUID.randomUUID();
        UUID job = job(org, "{\"kind\":\"categorical\",\"labels\":[\"yes\",\"no\"]}", "{}");
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        long item = IDS.incrementAndGet();
        label(job, item, a, "\"yes\"", false);
        label(job, item, b, "\"yes\"", false);
        long gold = IDS.incrementAndGet();
        label(job, gold, a, "\"yes\"", true);
        label(job, gold, b, "\"no\"", true);
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "INSERT INTO gold_answer (item_id, job_id, answer) VALUES (?, ?, '\"yes\"'::jsonb)")) {
            q.setLong(1, gold);
            q.setObject(2, job);
            q.executeUpdate();
        }
        JsonPath r = report(org, job);
        assertThat(r.getInt("agreement.job.find { it.metric == 'fleiss_kappa' }.units")).isEqualTo(1);
        assertThat(r.getString("agreement.job.find { it.metric == 'fleiss_kappa' }.undefinedReason"))
                .isEqualTo("every rating is the same category");
        assertThat(r.getList("labelDistribution.count", Integer.class)).containsExactly(2, 0);
    }

    private double metric(JsonPath r, String name) {
        Double v = r.get("agreement.job.find { it.metric == '" + name + "' }.value");
        assertThat(v).as(name + " in " + r.prettify()).isNotNull();
        return r.getDouble("agreement.job.find { it.metric == '" + name + "' }.value");
    }

    private JsonPath report(UUID org, UUID job) {
        return given().auth().oauth2(TestJwt.client(org)).get("/api/v1/jobs/" + job + "/quality").then()
                .statusCode(200).extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private UUID job(UUID org, String schema, String policy) throws Exception {
        UUID job = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                INSERT INTO known_job (id, org_id, kind, max_overlap, first_seen, policy, label_count, schema)
                VALUES (?, ?, ?::jsonb ->> 'kind', 5, now(), ?::jsonb, 0, ?::jsonb)""")) {
            q.setObject(1, job);
            q.setObject(2, org);
            q.setString(3, schema);
            q.setString(4, policy);
            q.setString(5, schema);
            q.executeUpdate();
        }
        return job;
    }

    private void label(UUID job, long item, String worker, String label, boolean gold) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                INSERT INTO label (submission_id, job_id, item_id, worker_id, label, gold, correct, submitted_at)
                VALUES (?, ?, ?, ?::uuid, ?::jsonb, ?, ?, ?)""")) {
            q.setLong(1, IDS.incrementAndGet());
            q.setObject(2, job);
            q.setLong(3, item);
            q.setString(4, worker);
            q.setString(5, label);
            q.setBoolean(6, gold);
            q.setObject(7, gold ? Boolean.TRUE : null);
            q.setTimestamp(8, Timestamp.from(Instant.now()));
            q.executeUpdate();
        }
    }
}
