package io.tessera.task.claim;

import static io.tessera.task.TaskApi.claim;
import static io.tessera.task.TaskApi.submit;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.task.TaskApi;
import io.tessera.testkit.TesseraTestResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = TesseraTestResource.class, initArgs = @ResourceArg(name = "database", value = "tessera_task_test"))
class PairwiseFlipTest {
    private final TaskApi api = new TaskApi();

    @Test
    @SuppressWarnings("unchecked")
    void theShownOrderIsRandomisedAndTheLabelIsStoredInTheItemsOwnTerms() {
        Map<String, Object> body = TaskApi.jobBody(1, 0);
        body.put("schema", Map.of("kind", "pairwise"));
        UUID job = api.createJob(body);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            items.add(Map.of("externalId", "p" + i, "data", Map.of("prompt", "q" + i, "a", "model-a", "b", "model-b")));
        }
        api.asClient().body(items).post("/api/v1/jobs/" + job + "/items").then().statusCode(201);
        api.asClient().post("/api/v1/jobs/" + job + "/start").then().statusCode(200);

        UUID worker = UUID.randomUUID();
        Map<String, String> expected = new HashMap<>();
        int flipped = 0;
        for (Map<String, Object> task : claim(worker, job, 20)) {
            Map<String, Object> data = (Map<String, Object>) task.get("data");
            boolean swapped = "model-b".equals(data.get("a"));
            flipped += swapped ? 1 : 0;
            // This worker always prefers what is shown as a: in the item's terms that is b when swapped.
            expected.put("p" + data.get("prompt").toString().substring(1), swapped ? "B" : "A");
            submit(worker, task.get("assignmentId"), "A").then().statusCode(201);
        }
        List<Map<String, Object>> results = api.asClient().get("/api/v1/jobs/" + job + "/results").then()
                .statusCode(200).extract().jsonPath().getList("$");
        Map<String, String> stored = new HashMap<>();
        for (Map<String, Object> r : results) {
            List<Map<String, Object>> labels = (List<Map<String, Object>>) r.get("labels");
            if (!labels.isEmpty()) {
                stored.put(r.get("externalId").toString(), labels.get(0).get("label").toString());
            }
        }
        assertThat(stored).isEqualTo(expected);
        assertThat(flipped).as("about half of 20 shown flipped").isBetween(2, 18);
    }
}
