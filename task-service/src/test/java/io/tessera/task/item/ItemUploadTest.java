package io.tessera.task.item;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.task.TaskApi;
import io.tessera.testkit.TesseraTestResource;
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

    private static String items(UUID job) {
        return "/api/v1/jobs/" + job + "/items";
    }
}
