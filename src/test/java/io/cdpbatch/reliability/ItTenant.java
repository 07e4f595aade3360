package io.cdpbatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** A tenant of the application processes, created through the admin API, calling the batch API like a client. */
record ItTenant(String clientKey, String token) {

    static ItTenant create(AppInstance instance) {
        JsonPath created = RestAssured.given().baseUri(instance.baseUrl())
                .header("Authorization", "Bearer " + ReliabilityStack.ADMIN_TOKEN)
                .when().post("/admin/clients").then().statusCode(201).extract().jsonPath();
        return new ItTenant(created.getString("clientKey"), created.getString("token"));
    }

    RequestSpecification given(AppInstance instance) {
        return RestAssured.given().baseUri(instance.baseUrl()).auth().preemptive().basic(clientKey, token);
    }

    /** Allocates a batch for these bytes through this instance and returns the upload URL. */
    String allocate(AppInstance instance, String ref, byte[] file) {
        return given(instance).contentType("application/json")
                .body("{\"checksum\":\"" + TestFiles.md5Hex(file) + "\",\"size\":" + file.length + "}")
                .when().put("/v2/batches/{ref}", ref)
                .then().statusCode(201).extract().path("location.href");
    }

    /** Allocates and uploads; returns the ref. */
    String upload(AppInstance instance, byte[] file) {
        String ref = UUID.randomUUID().toString();
        String url = allocate(instance, ref, file);
        Uploads.Answer answer = Uploads.put(url, file);
        assertThat(answer.status()).as("upload answer: %s", answer.body()).isEqualTo(200);
        return ref;
    }

    String uploadLines(AppInstance instance, List<String> lines) {
        return upload(instance, TestFiles.ndjsonGz(lines));
    }

    JsonPath inspect(AppInstance instance, String ref) {
        return given(instance).when().get("/v2/batches/inspect/{ref}", ref).then().statusCode(200).extract().jsonPath();
    }
}
