package io.tessera.worker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tessera.testkit.TesseraTestResource;
import org.junit.jupiter.api.Test;

/** The generated OpenAPI document (linked from docs/worker-service.md) lists the public contract. */
@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class OpenApiTest {
    @Test
    void theContractPathsArePublished() {
        given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/api/v1/auth/token"))
                .body("paths", hasKey("/api/v1/orgs"))
                .body("paths", hasKey("/api/v1/orgs/{id}/api-keys"))
                .body("paths", hasKey("/api/v1/workers"))
                .body("paths", hasKey("/api/v1/workers/me"))
                .body("paths", hasKey("/api/v1/vendors/{id}/managers"))
                .body("paths", hasKey("/api/v1/workers/{workerId}/blocks"))
                .body("paths", hasKey("/api/v1/qualifications"))
                .body("paths", hasKey("/api/v1/workers/me/qualifications"))
                .body("paths", hasKey("/api/v1/workers/{id}/earnings"))
                .body("paths", hasKey("/api/v1/payouts"));
    }

    @Test
    void healthIsUp() {
        given().get("/q/health/ready").then().statusCode(200);
    }
}
