package io.tessera.quality.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.common.event.EventEnvelope;
import io.tessera.testkit.TesseraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A transaction's submissions are stored and decided set-wise, and that must decide exactly as one event at
 * a time does: the same stream of labels, gold answers and a republished submission (with a confidence
 * target, so gold scores move the decisions) is applied once event by event, once in transactions of 7, and
 * once as a single transaction, each on a job and workers of its own; every item's decision and every
 * worker's gold score must come out the same.
 */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_quality_test"))
class SetWiseDecisionsTest {
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() / 1000 + 7_000_000_000L);
    private static final int ITEMS = 12;
    private static final int WORKERS = 7;

    @Inject
    LiveDecisions live;
    @Inject
    ObjectMapper json;
    @Inject
    DataSource dataSource;

    /** One event of the stream, in indices; each run maps them to its own ids. */
    private record Step(int item, int worker, String label, boolean gold, String goldAnswer, boolean republish) {
    }

    @Test
    void batchesDecideAsOneEventAtATime() throws Exception {
        List<Step> stream = stream(new Random(20261129));
        Run oneByOne = apply(stream, 1);
        Run bySeven = apply(stream, 7);
        Run together = apply(stream, stream.size());

        List<String> expected = oneByOne.outcome();
        assertThat(expected).as("the stream resolves items at 3 labels and after extending them")
                .anyMatch(d -> d.contains("resolved") && d.endsWith("of 3"))
                .anyMatch(d -> d.contains("resolved") && d.endsWith("of 5"));
        assertThat(bySeven.outcome()).isEqualTo(expected);
        assertThat(together.outcome()).isEqualTo(expected);
    }

    /** Labels on 12 items (3 required, up to 5) by 7 workers of different skill, gold answers in between. */
    private static List<Step> stream(Random random) {
        double[] skill = {0.95, 0.9, 0.85, 0.7, 0.6, 0.5, 0.4};
        List<Step> steps = new ArrayList<>();
        Set<String> labeled = new HashSet<>();
        for (int n = 0; n < 80; n++) {
            int worker = random.nextInt(WORKERS);
            boolean right = random.nextDouble() < skill[worker];
            if (random.nextInt(4) == 0) {
                steps.add(new Step(ITEMS + n, worker, right ? "pos" : "neg", true, "pos", false));
                continue;
            }
            int item = random.nextInt(ITEMS);
            if (!labeled.add(item + "/" + worker)) {
                continue;
            }
            steps.add(new Step(item, worker, right ? "pos" : "neg", false, null, false));
            if (n == 40) {
                steps.add(new Step(item, worker, right ? "pos" : "neg", false, null, true)); // the relay published it twice
            }
        }
        return steps;
    }

    private final class Run {
        final UUID job = UUID.randomUUID();
        final UUID org = UUID.randomUUID();
        final long firstItem = IDS.addAndGet(10_000);
        final List<UUID> workers = new ArrayList<>();

        Run() {
            for (int i = 0; i < WORKERS; i++) {
                workers.add(UUID.randomUUID());
            }
        }

        /** Every item's decision and every worker's gold score in this job, by index. */
        List<String> outcome() throws Exception {
            List<String> out = new ArrayList<>();
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement q = c.prepareStatement("""
                        SELECT item_id, state, label::text, round(confidence::numeric, 9), labels, required_labels
                        FROM item_decision WHERE job_id = ? ORDER BY item_id""")) {
                    q.setObject(1, job);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            out.add("item " + (rs.getLong(1) - firstItem) + ": " + rs.getString(2) + " " + rs.getString(3)
                                    + " " + rs.getBigDecimal(4) + " labels " + rs.getInt(5) + " of " + rs.getInt(6));
                        }
                    }
                }
                try (PreparedStatement q = c.prepareStatement(
                        "SELECT worker_id, seen, correct FROM worker_job_gold WHERE job_id = ?")) {
                    q.setObject(1, job);
                    List<String> scores = new ArrayList<>(); // by worker index, not by id
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            scores.add("worker " + workers.indexOf(rs.getObject(1, UUID.class)) + ": gold " + rs.getInt(3)
                                    + " of " + rs.getInt(2));
                        }
                    }
                    scores.sort(null);
                    out.addAll(scores);
                }
            }
            return out;
        }
    }

    /** Applies the stream in transactions of {@code size} events, as the consumer would, on a new job and workers. */
    private Run apply(List<Step> stream, int size) throws Exception {
        Run run = new Run();
        List<EventEnvelope> events = new ArrayList<>();
        Map<String, Object> previous = null;
        for (Step step : stream) {
            Map<String, Object> payload = step.republish() ? previous : payload(run, step);
            previous = payload;
            events.add(new EventEnvelope(UUID.randomUUID(), "submission.created", payload.get("itemId").toString(),
                    Instant.now(), 1, json.valueToTree(payload)));
        }
        for (int from = 0; from < events.size(); from += size) {
            List<EventEnvelope> chunk = events.subList(from, Math.min(events.size(), from + size));
            QuarkusTransaction.requiringNew().run(() -> {
                try {
                    live.apply(chunk);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        return run;
    }

    private Map<String, Object> payload(Run run, Step step) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("submissionId", IDS.incrementAndGet());
        p.put("assignmentId", UUID.randomUUID());
        p.put("jobId", run.job);
        p.put("orgId", run.org);
        p.put("itemId", run.firstItem + step.item());
        p.put("workerId", run.workers.get(step.worker()));
        p.put("label", step.label());
        p.put("durationMs", 1500);
        p.put("gold", step.gold());
        p.put("goldAnswer", step.goldAnswer());
        p.put("explanation", null);
        p.put("requiredLabels", 3);
        p.put("maxOverlap", 5);
        p.put("schema", Map.of("kind", "categorical", "labels", List.of("pos", "neg")));
        p.put("quality", Map.of("confidenceTarget", 0.9));
        p.put("submittedAt", Instant.now());
        return p;
    }
}
