package io.tessera.task.item;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.task.TaskApi;
import io.tessera.testkit.TesseraTestResource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class ItemUploadTest {
    private final TaskApi api = new TaskApi();

    @Test
    void acceptsAJsonArrayAndJsonLines() {
        UUID job = api.createJob(TaskApi.jobBody(3, 0));
        api.asClient().body("[{\"externalId\": \"a\", \"data\": {\"text\": \"x\"}},\n {\"externalId\": 7, \"data\": \"plain\"}]")
                .post(items(job)).then().statusCode(201).body("added", equalTo(2));
        api.asClient().contentType("application/x-ndjson")
                .body("{\"externalId\": \"b\", \"data\": {}}\r\n\n{\"externalId\": \"c\", \"data\": [1]}\n".getBytes(UTF_8))
                .post(items(job)).then().statusCode(201).body("added", equalTo(2));
        api.asClient().get("/api/v1/jobs/" + job).then().body("progress.items", equalTo(4));
    }

    @Test
    void oneBadLineRejectsTheWholeBatchWithItsLineNumber() {
        UUID job = api.createJob(TaskApi.jobBody(3, 0));
        String jsonl = """
                {"externalId": "a", "data": {}}
                {"externalId": "b"}
                {"externalId": "c", "data": {}, "colour": "red"}
                {"externalId": "a", "data": {}}
                not json
                """;
        api.asClient().contentType("application/x-ndjson").body(jsonl.getBytes(UTF_8)).post(items(job)).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("line 2: data", "line 3: colour", "line 4: externalId", "line 5: body"));
        api.asClient().body("[{\"externalId\": \"a\", \"data\": {}},\n{\"externalId\": \"\", \"data\": {}}]")
                .post(items(job)).then().statusCode(400).body("errors.field", hasItem("line 2: externalId"));
        api.asClient().body("[{\"externalId\": \"a\", \"data\": {}}, ").post(items(job)).then().statusCode(400);
        api.asClient().body("[]").post(items(job)).then().statusCode(400).body("detail", containsString("no items"));
        api.asClient().get("/api/v1/jobs/" + job).then().body("progress.items", equalTo(0));
    }

    @Test
    void existingExternalIdsAreAConflictAndNothingIsStored() {
        UUID job = api.createJob(TaskApi.jobBody(3, 0));
        api.addItems(job, 2);
        api.asClient().body("[{\"externalId\": \"new\", \"data\": {}}, {\"externalId\": \"item-1\", \"data\": {}}]")
                .post(items(job)).then().statusCode(409).body("detail", containsString("item-1"));
        api.asClient().get("/api/v1/jobs/" + job).then().body("progress.items", equalTo(2));
    }

    @Test
    void goldAnswersAreValidatedAgainstTheSchema() {
        UUID job = api.createJob(TaskApi.jobBody(3, 0));
        api.asClient().body("[{\"externalId\": \"g1\", \"data\": {}, \"answer\": \"pos\", \"explanation\": \"clearly\"},"
                        + "{\"externalId\": \"g2\", \"data\": {}, \"answer\": \"maybe\"},"
                        + "{\"externalId\": \"g3\", \"data\": {}}]")
                .post("/api/v1/jobs/" + job + "/gold").then().statusCode(400)
                .body("errors.field", hasItems("line 1: answer", "line 1: answer"));
        api.asClient().body("[{\"externalId\": \"g1\", \"data\": {}, \"answer\": \"pos\", \"explanation\": \"clearly\"}]")
                .post("/api/v1/jobs/" + job + "/gold").then().statusCode(201);
        api.asClient().get("/api/v1/jobs/" + job).then().body("progress.goldItems", equalTo(1))
                .body("progress.items", equalTo(0));
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() {
        UUID job = api.createJob(TaskApi.jobBody(3, 0));
        byte[] big = new byte[33 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        api.asClient().body(big).post(items(job)).then().statusCode(413)
                .contentType("application/problem+json");
        api.asClient().get("/api/v1/jobs/" + job).then().body("progress.items", equalTo(0));
    }

    @Test
    void itemsCannotBeAddedToAFinishedJob() {
        UUID job = api.runningJob(1, 1, 0, 0);
        api.asClient().post("/api/v1/jobs/" + job + "/cancel").then().statusCode(200);
        api.asClient().body("[{\"externalId\": \"late\", \"data\": {}}]").post(items(job)).then().statusCode(409);
    }

    @Test
    void aBoundingBoxJobChecksItemsGoldAndSubmittedBoxes() {
        Map<String, Object> body = TaskApi.jobBody(1, 0);
        body.put("schema", Map.of("kind", "bounding-boxes", "labels", List.of("sofa", "pot"), "maxBoxes", 5));
        UUID job = api.createJob(body);
        api.asClient().body("[{\"externalId\": \"p1\", \"data\": {\"url\": \"1.jpg\", \"width\": 640, \"height\": 480}},\n"
                        + "{\"externalId\": \"p2\", \"data\": {\"url\": \"2.jpg\"}}]")
                .post(items(job)).then().statusCode(400)
                .body("errors.field", hasItems("line 2: data.width", "line 2: data.height"));
        api.asClient().body("[{\"externalId\": \"g1\", \"data\": {\"width\": 100, \"height\": 100}, "
                        + "\"answer\": [{\"label\": \"sofa\", \"x\": 50, \"y\": 0, \"w\": 60, \"h\": 10}]}]")
                .post(gold(job)).then().statusCode(400).body("errors.field", hasItem("line 1: answer[0].w"));
        api.asClient().body("[{\"externalId\": \"p1\", \"data\": {\"url\": \"1.jpg\", \"width\": 640, \"height\": 480}}]")
                .post(items(job)).then().statusCode(201);
        api.asClient().post("/api/v1/jobs/" + job + "/start").then().statusCode(200);
        UUID worker = UUID.randomUUID();
        Object assignment = TaskApi.claim(worker, job, 1).get(0).get("assignmentId");
        TaskApi.submit(worker, assignment, List.of(Map.of("label", "sofa", "x", 600, "y", 0, "w", 50, "h", 10),
                        Map.of("label", "lamp", "x", 0, "y", 0, "w", 1, "h", 1)))
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItems("label[0].w", "label[1].label"))
                .body("detail", containsString("label[0].w must be at most width − x = 40"));
        TaskApi.submit(worker, assignment, List.of(Map.of("label", "sofa", "x", 600, "y", 0, "w", 40, "h", 10)))
                .then().statusCode(201);
    }

    @Test
    void aRatingJobChecksItsScaleOnCreateGoldAndSubmit() {
        Map<String, Object> body = TaskApi.jobBody(1, 0);
        body.put("schema", Map.of("kind", "rating", "min", 5, "max", 1, "scale", "stars", "labels", List.of("a", "b")));
        api.asClient().body(body).post("/api/v1/jobs").then().statusCode(400)
                .body("errors.field", hasItems("schema.max", "schema.scale", "schema.labels"));
        body.put("schema", Map.of("kind", "rating", "min", 1, "max", 5, "scale", "ordinal", "steps", 1));
        api.asClient().body(body).post("/api/v1/jobs").then().statusCode(400)
                .body("errors.field", hasItem("schema.steps"));
        body.put("schema", Map.of("kind", "rating", "min", 1, "max", 5, "scale", "ordinal"));
        UUID job = api.createJob(body);
        api.asClient().get("/api/v1/jobs/" + job).then().body("schema.step", equalTo(1)).body("schema.scale", equalTo("ordinal"))
                .body("schema", not(hasKey("unknownFields")));
        api.asClient().body("[{\"externalId\": \"g1\", \"data\": {}, \"answer\": 4},\n {\"externalId\": \"g2\", \"data\": {}, \"answer\": 4.5}]")
                .post(gold(job)).then().statusCode(400).body("errors.field", hasItem("line 2: answer"))
                .body("errors[0].message", equalTo("must be one of 1, 2, 3, 4, 5; got 4.5"));
        api.addItems(job, 1);
        api.asClient().post("/api/v1/jobs/" + job + "/start").then().statusCode(200);
        UUID worker = UUID.randomUUID();
        Map<String, Object> task = TaskApi.claim(worker, job, 1).get(0);
        TaskApi.submit(worker, task.get("assignmentId"), 2.5).then().statusCode(422).body("errors.field", hasItem("label"));
        TaskApi.submit(worker, task.get("assignmentId"), "4").then().statusCode(422)
                .body("errors[0].message", containsString("got a string"));
        TaskApi.submit(worker, task.get("assignmentId"), 4).then().statusCode(201);
    }

    private static String gold(UUID job) {
        return "/api/v1/jobs/" + job + "/gold";
    }

    private static String items(UUID job) {
        return "/api/v1/jobs/" + job + "/items";
    }
}
