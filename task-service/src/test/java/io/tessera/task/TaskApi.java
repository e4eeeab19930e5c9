package io.tessera.task;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tessera.task.submission.SubmissionResource;
import io.tessera.testkit.TestJwt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders for the task-service API in tests: one client organisation and its jobs. */
public final class TaskApi {
    public final UUID org = UUID.randomUUID();
    public final String clientToken = TestJwt.client(org);

    public RequestSpecification asClient() {
        return given().auth().oauth2(clientToken).contentType(ContentType.JSON);
    }

    public static RequestSpecification asWorker(UUID worker) {
        return given().auth().oauth2(TestJwt.worker(worker)).contentType(ContentType.JSON);
    }

    public static Map<String, Object> jobBody(int overlap, double goldRate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Sentiment");
        body.put("instructions", "Is the text positive or negative?");
        body.put("schema", Map.of("kind", "categorical", "labels", List.of("pos", "neg", "neutral")));
        body.put("overlap", overlap);
        body.put("maxOverlap", overlap + 2);
        body.put("goldRate", goldRate);
        body.put("leaseSeconds", 60);
        return body;
    }

    public UUID createJob(Map<String, Object> body) {
        return UUID.fromString(asClient().body(body).post("/api/v1/jobs").then().statusCode(201).extract().path("id"));
    }

    public UUID runningJob(int items, int overlap, int goldItems, double goldRate) {
        return start(jobBody(overlap, goldRate), items, goldItems);
    }

    /** Creates the job from {@code body}, adds items and gold, and starts it. */
    public UUID start(Map<String, Object> body, int items, int goldItems) {
        UUID job = createJob(body);
        addItems(job, items);
        if (goldItems > 0) {
            addGold(job, goldItems, "pos");
        }
        asClient().post("/api/v1/jobs/" + job + "/start").then().statusCode(200);
        return job;
    }

    public void addItems(UUID job, int count) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(Map.of("externalId", "item-" + i, "data", Map.of("text", "text " + i)));
        }
        asClient().body(items).post("/api/v1/jobs/" + job + "/items").then().statusCode(201);
    }

    public void addGold(UUID job, int count, String answer) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(Map.of("externalId", "gold-" + i, "data", Map.of("text", "gold text " + i), "answer", answer,
                    "explanation", "because"));
        }
        asClient().body(items).post("/api/v1/jobs/" + job + "/gold").then().statusCode(201);
    }

    /** Claims up to {@code max} tasks of the job; an empty list on 204. */
    public static List<Map<String, Object>> claim(UUID worker, UUID job, int max) {
        Response r = asWorker(worker).body(Map.of("jobId", job.toString(), "max", max)).post("/api/v1/claims");
        if (r.statusCode() == 204) {
            return List.of();
        }
        r.then().statusCode(200);
        return r.jsonPath().getList("$");
    }

    public static Response submit(UUID worker, Object assignmentId, Object label) {
        return asWorker(worker).body(Map.of("label", label, "durationMs", 1200))
                .post("/api/v1/assignments/" + assignmentId + "/submission");
    }

    /** The same with an {@code Idempotency-Key}. */
    public static Response submit(UUID worker, Object assignmentId, Object label, String idempotencyKey) {
        return asWorker(worker).header(SubmissionResource.IDEMPOTENCY_KEY, idempotencyKey).body(Map.of("label", label, "durationMs", 1200))
                .post("/api/v1/assignments/" + assignmentId + "/submission");
    }
}
