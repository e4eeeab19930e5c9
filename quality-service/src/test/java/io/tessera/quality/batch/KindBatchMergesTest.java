package io.tessera.quality.batch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.common.event.EventEnvelope;
import io.tessera.common.event.KafkaSettings;
import io.tessera.common.event.Topics;
import io.tessera.quality.live.ItemDecider;
import io.tessera.quality.live.KindDecider;
import io.tessera.testkit.TestJwt;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Batch merges of rating, multi-label, bounding-box, text-span and transcription jobs against the real
 * database and broker. Each kind gets the same small synthetic crowd ({@link Crowd}): three careful
 * workers who give the truth and three careless ones with the kind's typical error, 30 items labeled by
 * two careful and one careless worker (live and batch both give the truth) and 6 contested items
 * labeled by one careful and two careless workers who make the same error, which the unweighted live
 * decision adopts (two of three) and the batch merge, having learned from the whole job that the
 * careless workers err, overrules.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_quality_test"))
class KindBatchMergesTest {
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() / 1000 + 700_000_000L);
    private static final int NORMAL = 30;
    private static final int CONTESTED = 6;

    @Inject
    DataSource dataSource;
    @Inject
    KafkaSettings kafka;
    @Inject
    ObjectMapper json;

    /**
     * A synthetic crowd of one kind: the truth of item i, a careless worker's label on a normal item, and on
     * a contested one (the same for both careless workers, so the live majority adopts it).
     */
    record Crowd(String kind, String schema, IntFunction<Object> truth, BiFunction<Integer, Boolean, Object> careless) {
    }

    static Crowd ratings() {
        // A careless rater is two points too high; a contested item's median is therefore two points off.
        return new Crowd("rating", "{\"kind\":\"rating\",\"min\":1,\"max\":5,\"step\":1,\"scale\":\"ordinal\"}",
                i -> 1 + i % 3, (i, contested) -> 3 + i % 3);
    }

    static Crowd multiLabel() {
        // A careless worker always adds "c", which is never right.
        List<List<String>> truths = List.of(List.of("a"), List.of("b"), List.of("a", "b"), List.of("d"));
        return new Crowd("multi-label", "{\"kind\":\"multi-label\",\"labels\":[\"a\",\"b\",\"c\",\"d\"]}",
                i -> truths.get(i % 4), (i, contested) -> {
                    List<String> l = new ArrayList<>(truths.get(i % 4));
                    l.add("c");
                    return l;
                });
    }

    static Map<String, Object> box(int x, int y) {
        return new LinkedHashMap<>(Map.of("label", "car", "x", x, "y", y, "w", 30, "h", 40));
    }

    /**
     * The right answer and six phantoms. Reliability is a smoothed F1 over the whole job, so the careless
     * need enough false positives that their two votes weigh less than one careful worker's.
     */
    static List<Map<String, Object>> phantoms(Map<String, Object> right, IntFunction<Map<String, Object>> phantom) {
        List<Map<String, Object>> out = new ArrayList<>(List.of(right));
        for (int k = 0; k < 6; k++) {
            out.add(phantom.apply(k));
        }
        return out;
    }

    static Crowd boxes() {
        // A careless worker draws the car and six phantoms; on contested items both draw one phantom at the same place.
        return new Crowd("bounding-boxes", "{\"kind\":\"bounding-boxes\",\"labels\":[\"car\",\"bike\"]}",
                i -> List.of(box(10 + i, 20)), (i, contested) -> contested
                        ? List.of(box(10 + i, 20), box(500, 500))
                        : phantoms(box(10 + i, 20), k -> box(200 + 100 * k, 300)));
    }

    static Map<String, Object> span(String label, int start, int end) {
        return new LinkedHashMap<>(Map.of("label", label, "start", start, "end", end));
    }

    static Crowd spans() {
        return new Crowd("text-spans", "{\"kind\":\"text-spans\",\"labels\":[\"PER\",\"LOC\"]}",
                i -> List.of(span("PER", 0, 5 + i % 4)), (i, contested) -> contested
                        ? List.of(span("PER", 0, 5 + i % 4), span("LOC", 90, 95))
                        : phantoms(span("PER", 0, 5 + i % 4), k -> span("LOC", 10 + 10 * k, 15 + 10 * k)));
    }

    static Crowd transcription() {
        // A careless worker garbles half the words; on contested items both write "cat" for "dog".
        return new Crowd("transcription", "{\"kind\":\"transcription\",\"minLength\":0,\"maxLength\":500}",
                i -> "the quick brown fox jumps over the lazy dog " + i, (i, contested) -> contested
                        ? "the quick brown fox jumps over the lazy cat " + i
                        : "a slow green hen hops over the lazy dog " + i);
    }

    private final UUID org = UUID.randomUUID();
    private final String[] careful = {uuid(), uuid(), uuid()};
    private final String[] careless = {uuid(), uuid(), uuid()};

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    @Test
    void ratingsMergeByReliabilityWeightedMeanOnTheScaleAndOverruleTheLiveMedian() throws Exception {
        Job job = job(ratings());
        run(job, null, "weighted", true);
    }

    @Test
    void multiLabelJobsMergePerLabelWithDawidSkene() throws Exception {
        Job job = job(multiLabel());
        run(job, null, "per-label-ds", true);
    }

    @Test
    void boxesMergeWeightedByWorkerReliabilityAndDropTheCarelessPhantom() throws Exception {
        Job job = job(boxes());
        run(job, null, "box-weighted", true);
    }

    @Test
    void spansMergeByWeightedVoting() throws Exception {
        Job job = job(spans());
        run(job, null, "span-weighted", true);
    }

    @Test
    void transcriptionsMergeByWeightedRover() throws Exception {
        Job job = job(transcription());
        run(job, null, "rover-weighted", true);
    }

    @Test
    void theUnweightedVariantKeepsTheLiveAnswer() throws Exception {
        Job job = job(boxes());
        int changed = run(job, "box", "box", false);
        assertThat(changed).as("every worker counts 1, as live").isZero();
    }

    @Test
    void aCompletedRatingJobIsReMergedWithItsKindsDefaultAndPublishedOnce() throws Exception {
        Job job = job(ratings());
        try (KafkaConsumer<String, String> decisions = decisions();
                KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerConfig())) {
            EventEnvelope completed = new EventEnvelope(UUID.randomUUID(), "job.completed", job.id().toString(), Instant.now(),
                    1, json.valueToTree(Map.of("jobId", job.id(), "orgId", org, "completedAt", Instant.now())));
            producer.send(new ProducerRecord<>(Topics.JOBS, job.id().toString(), json.writeValueAsString(completed))).get();
            producer.send(new ProducerRecord<>(Topics.JOBS, job.id().toString(), json.writeValueAsString(completed))).get();
            Map<Long, JsonNode> published = publishedOnce(decisions, job);
            assertLabels(job, published, "weighted", true);
        }
    }

    @Test
    void anAlgorithmOfAnotherKindIsA400AndAnUnknownKindA422() throws Exception {
        Job job = job(ratings());
        given().auth().oauth2(TestJwt.client(org)).contentType("application/json").body(Map.of("algorithm", "ds"))
                .post("/api/v1/jobs/" + job.id() + "/aggregations").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("algorithm"))
                .body("errors[0].message", containsString("weighted, weighted-bias, median, mean"));
        given().auth().oauth2(TestJwt.client(org)).contentType("application/json").body(Map.of("algorithm", "box"))
                .post("/api/v1/jobs/" + job(multiLabel()).id() + "/aggregations").then().statusCode(400)
                .body("errors[0].message", containsString("per-label-ds"));
        UUID odd = UUID.randomUUID();
        insertJob(odd, "hologram", "{}");
        given().auth().oauth2(TestJwt.client(org)).contentType("application/json").body(Map.of())
                .post("/api/v1/jobs/" + odd + "/aggregations").then().statusCode(422)
                .contentType("application/problem+json");
    }

    /** A job of the crowd's kind in the database: labels of every item and the live decision KindDecider made. */
    record Job(UUID id, Crowd crowd, Map<Long, Integer> index, Map<Long, JsonNode> live, Map<Long, Boolean> contested) {
    }

    private Job job(Crowd crowd) throws Exception {
        UUID id = UUID.randomUUID();
        insertJob(id, crowd.kind(), crowd.schema());
        JsonNode schema = json.readTree(crowd.schema());
        Map<Long, Integer> index = new LinkedHashMap<>();
        Map<Long, JsonNode> live = new HashMap<>();
        Map<Long, Boolean> contested = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement label = c.prepareStatement("""
                    INSERT INTO label (submission_id, job_id, item_id, worker_id, label, gold, submitted_at)
                    VALUES (?, ?, ?, ?::uuid, ?::jsonb, false, now())""");
                    PreparedStatement decision = c.prepareStatement("""
                    INSERT INTO item_decision (item_id, job_id, state, label, confidence, labels, required_labels, decided_at)
                    VALUES (?, ?, 'resolved', ?::jsonb, ?, 3, 3, now() - interval '1 hour')""")) {
                for (int i = 0; i < NORMAL + CONTESTED; i++) {
                    boolean hard = i >= NORMAL;
                    long item = IDS.incrementAndGet();
                    index.put(item, i);
                    contested.put(item, hard);
                    Map<String, Object> votes = new LinkedHashMap<>();
                    votes.put(careful[i % 3], crowd.truth().apply(i));
                    if (hard) {
                        votes.put(careless[i % 3], crowd.careless().apply(i, true));
                        votes.put(careless[(i + 1) % 3], crowd.careless().apply(i, true));
                    } else {
                        votes.put(careful[(i + 1) % 3], crowd.truth().apply(i));
                        votes.put(careless[i % 3], crowd.careless().apply(i, false));
                    }
                    List<ItemDecider.Vote> counted = new ArrayList<>();
                    for (Map.Entry<String, Object> v : votes.entrySet()) {
                        String text = json.writeValueAsString(v.getValue());
                        counted.add(new ItemDecider.Vote(v.getKey(), text, 0.7));
                        label.setLong(1, IDS.incrementAndGet() + 1_000_000_000L);
                        label.setObject(2, id);
                        label.setLong(3, item);
                        label.setString(4, v.getKey());
                        label.setString(5, text);
                        label.addBatch();
                    }
                    ItemDecider.Decision d = KindDecider.decide(crowd.kind(), schema, counted, 3, true, null);
                    live.put(item, json.readTree(d.label()));
                    decision.setLong(1, item);
                    decision.setObject(2, id);
                    decision.setString(3, d.label());
                    decision.setDouble(4, d.confidence());
                    decision.addBatch();
                }
                label.executeBatch();
                decision.executeBatch();
            }
            c.commit();
        }
        Job job = new Job(id, crowd, index, live, contested);
        for (long item : index.keySet()) {
            int i = index.get(item);
            JsonNode truth = json.valueToTree(crowd.truth().apply(i));
            if (contested.get(item)) {
                assertThat(same(live.get(item), truth)).as("live adopts the careless majority on item %d", i).isFalse();
            } else {
                assertThat(same(live.get(item), truth)).as("live is right on normal item %d", i).isTrue();
            }
        }
        return job;
    }

    private void insertJob(UUID id, String kind, String schema) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                INSERT INTO known_job (id, org_id, kind, max_overlap, first_seen, policy, label_count, schema)
                VALUES (?, ?, ?, 3, now(), '{}', 2, ?::jsonb)""")) {
            q.setObject(1, id);
            q.setObject(2, org);
            q.setString(3, kind);
            q.setString(4, schema);
            q.executeUpdate();
        }
    }

    /**
     * Runs the merge over REST with {@code publish: true} and checks the answer and every published event.
     *
     * @param algorithm null: the kind's default
     * @param overrules whether the batch label is the truth on contested items too
     */
    private int run(Job job, String algorithm, String expected, boolean overrules) throws Exception {
        Map<String, Object> body = new HashMap<>(Map.of("publish", true));
        if (algorithm != null) {
            body.put("algorithm", algorithm);
        }
        try (KafkaConsumer<String, String> decisions = decisions()) {
            int changed = given().auth().oauth2(TestJwt.client(org)).contentType("application/json").body(body)
                    .post("/api/v1/jobs/" + job.id() + "/aggregations").then().statusCode(201)
                    .body("algorithm", equalTo(expected)).body("items", equalTo(NORMAL + CONTESTED))
                    .body("published", equalTo(true)).body("workers.size()", equalTo(6))
                    .extract().path("changed");
            if (overrules) {
                assertThat(changed).as("the contested items").isEqualTo(CONTESTED);
            }
            Map<Long, JsonNode> published = publishedOnce(decisions, job);
            assertLabels(job, published, expected, overrules);
            return changed;
        }
    }

    private void assertLabels(Job job, Map<Long, JsonNode> published, String algorithm, boolean overrules) {
        assertThat(published.keySet()).containsExactlyInAnyOrderElementsOf(job.index().keySet());
        for (Map.Entry<Long, JsonNode> e : published.entrySet()) {
            JsonNode payload = e.getValue();
            int i = job.index().get(e.getKey());
            JsonNode truth = json.valueToTree(job.crowd().truth().apply(i));
            assertThat(payload.path("mergedBy").asText()).isEqualTo(algorithm);
            assertThat(payload.path("labels").asInt()).isEqualTo(3);
            assertThat(payload.path("confidence").asDouble()).isBetween(0.0, 1.0);
            if (!job.contested().get(e.getKey())) {
                assertThat(same(payload.path("label"), truth)).as("item %d: %s", i, payload.path("label")).isTrue();
            } else if (overrules) {
                assertThat(same(payload.path("label"), truth))
                        .as("contested item %d: batch %s, live %s, truth %s", i, payload.path("label"),
                                job.live().get(e.getKey()), truth)
                        .isTrue();
            } else {
                assertThat(same(payload.path("label"), job.live().get(e.getKey()))).isTrue();
            }
        }
    }

    /** Equal labels: numbers by value, box and span objects by their fields, sets in any order. */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            List<JsonNode> rest = new ArrayList<>();
            b.forEach(rest::add);
            for (JsonNode x : a) {
                boolean found = false;
                for (int k = 0; k < rest.size() && !found; k++) {
                    if (same(x, rest.get(k))) {
                        rest.remove(k);
                        found = true;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (var it = a.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!b.has(f) || !same(a.get(f), b.get(f))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private KafkaConsumer<String, String> decisions() {
        Map<String, Object> config = kafka.consumerConfig("test-" + UUID.randomUUID());
        config.put("auto.offset.reset", "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(Topics.TASK_DECISIONS));
        return consumer;
    }

    /** The job's item.resolved payloads by item, failing on a second event for an item (waits 2 s after the last). */
    private Map<Long, JsonNode> publishedOnce(KafkaConsumer<String, String> consumer, Job job) throws Exception {
        Map<Long, JsonNode> seen = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long quietUntil = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, quietUntil)) {
            for (var r : consumer.poll(Duration.ofMillis(300))) {
                EventEnvelope e = json.readValue(r.value(), EventEnvelope.class);
                if (job.id().toString().equals(e.payload().path("jobId").asText())) {
                    assertThat(e.type()).isEqualTo("item.resolved");
                    long item = e.payload().path("itemId").asLong();
                    assertThat(seen.put(item, e.payload())).as("one event for item %d", item).isNull();
                }
            }
            if (seen.size() == job.index().size() && quietUntil == Long.MAX_VALUE) {
                quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            }
        }
        return seen;
    }
}
