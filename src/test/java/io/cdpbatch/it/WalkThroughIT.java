package io.cdpbatch.it;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cdpbatch.storage.ObjectKeys;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.EmbeddedStackResource;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Store;
import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The packaged application (prod profile, configured only from outside) against a real PostgreSQL
 * and a real S3Proxy: the bootstrap client and the admin API, then the client walk-through.
 */
@QuarkusIntegrationTest
// Matching, not global (which would configure every @QuarkusTest too): the ITs with this resource share one
// start of the application.
@WithTestResource(value = EmbeddedStackResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@ApiTest
class WalkThroughIT {

    @Test
    void bootstrapClientAllocatesUploadsAndReadsTheStatus() throws IOException {
        RequestSpecification client = RestAssured.given().auth().preemptive()
                .basic(EmbeddedStackResource.CLIENT_KEY, EmbeddedStackResource.CLIENT_TOKEN);
        byte[] file = TestFiles.ndjsonGz(List.of(
                Lines.guest("1").email("a@example.com").upsert()));
        String ref = UUID.randomUUID().toString();
        String checksum = TestFiles.md5Hex(file);

        String url = client.body("{\"checksum\":\"" + checksum + "\",\"size\":\"" + file.length + "\"}")
                .contentType("application/x-www-form-urlencoded")
                .when().put("/v2/batches/{ref}", ref)
                .then().statusCode(201)
                .header("Location", endsWith("/v2/batches/" + ref))
                .body("ref", equalTo(ref)).body("checksum", equalTo(checksum)).body("size", equalTo(file.length))
                .body("status.code", equalTo("uploading"))
                .extract().path("location.href");

        assertThat(Uploads.put(url, file, TestFiles.md5Base64(file), false).status()).isEqualTo(403);
        assertThat(Uploads.put(url, file).status()).isEqualTo(200);
        try (InputStream stored = Store.get().open(ObjectKeys.upload(EmbeddedStackResource.CLIENT_KEY, UUID.fromString(ref)))) {
            assertThat(stored.readAllBytes()).isEqualTo(file);
        }

        RestAssured.given().auth().preemptive()
                .basic(EmbeddedStackResource.CLIENT_KEY, EmbeddedStackResource.CLIENT_TOKEN)
                .when().get("/v2/batches/{ref}", ref).then().statusCode(200).body("ref", equalTo(ref));
        RestAssured.given().auth().preemptive()
                .basic(EmbeddedStackResource.CLIENT_KEY, EmbeddedStackResource.CLIENT_TOKEN)
                .queryParam("search", ref).when().get("/v2/batches/inspect").then().statusCode(200)
                .body("totalCount", equalTo(1)).body("items[0].ref", equalTo(ref));
    }

    @Test
    void adminApiCreatesAndRevokesClients() {
        RequestSpecification admin = RestAssured.given().header("Authorization", "Bearer " + EmbeddedStackResource.ADMIN_TOKEN);
        JsonPath created = admin.when().post("/admin/clients").then().statusCode(201).extract().jsonPath();
        String key = created.getString("clientKey");
        String token = created.getString("token");

        RestAssured.given().auth().preemptive().basic(key, token).when().get("/v2/batches/inspect").then()
                .statusCode(200).body("totalCount", equalTo(0));
        RestAssured.given().header("Authorization", "Bearer " + EmbeddedStackResource.ADMIN_TOKEN)
                .when().get("/admin/clients").then().statusCode(200).body("items.clientKey", hasItem(key))
                .body("items.clientKey", hasItem(EmbeddedStackResource.CLIENT_KEY));
        RestAssured.given().header("Authorization", "Bearer " + EmbeddedStackResource.ADMIN_TOKEN)
                .when().delete("/admin/clients/{key}", key).then().statusCode(204);

        assertError(RestAssured.given().auth().preemptive().basic(key, token).when().get("/v2/batches/inspect").then(),
                401, "Unauthorized", "Unknown client key, wrong API token, or revoked client");
        RestAssured.given().header("Authorization", "Bearer " + EmbeddedStackResource.ADMIN_TOKEN)
                .when().get("/admin/clients").then().body("items.clientKey", not(hasItem(key)));
    }

    @Test
    void errorsKeepTheirBodyInTheProdProfile() {
        assertError(RestAssured.given().when().get("/v2/batches/inspect").then(), 401, "Unauthorized", "Missing credentials");
        assertError(RestAssured.given().auth().preemptive()
                .basic(EmbeddedStackResource.CLIENT_KEY, EmbeddedStackResource.CLIENT_TOKEN)
                .body("{\"checksum\":\"nope\",\"size\":1}").when().put("/v2/batches/{ref}", UUID.randomUUID()).then(), 400,
                "checksum must be 32 hexadecimal characters",
                "checksum must be 32 hexadecimal characters, got \"nope\" (4 characters)");
    }
}
