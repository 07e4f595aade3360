package io.cdpbatch.support;

import java.net.URI;

import io.cdpbatch.auth.ApiClientService;
import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * An API client of its own, so tests never see each other's batches. {@link ApiTest} gives every test a fresh
 * one; {@link #create()} makes more.
 */
public record Tenants(String clientKey, String token) {

    /**
     * A new API client: made by the application's service when it runs in this JVM, through the admin API
     * (with {@link EmbeddedStackResource#ADMIN_TOKEN}) against the packaged application.
     */
    public static Tenants create() {
        return InProcess.bean(ApiClientService.class).map(Tenants::create).orElseGet(() -> {
            JsonPath issued = admin().when().post("/admin/clients").then().statusCode(201).extract().jsonPath();
            return new Tenants(issued.getString("clientKey"), issued.getString("token"));
        });
    }

    public static Tenants create(ApiClientService clients) {
        var issued = clients.create();
        return new Tenants(issued.clientKey(), issued.token());
    }

    /** Revokes this client, as {@link #create()} made it: by the service in-process, else by the admin API. */
    public void revoke() {
        InProcess.bean(ApiClientService.class).ifPresentOrElse(clients -> clients.revoke(clientKey),
                () -> admin().when().delete("/admin/clients/{key}", clientKey).then().statusCode(204));
    }

    public RequestSpecification given() {
        return RestAssured.given().auth().preemptive().basic(clientKey, token);
    }

    /**
     * A request to the admin API of the packaged application. Its address comes from the test framework's
     * configuration rather than RestAssured's, which Quarkus sets only after the callbacks that make tenants.
     */
    private static RequestSpecification admin() {
        URI root = URI.create(TestHTTPResourceManager.getUri());
        return RestAssured.given().baseUri(root.getScheme() + "://" + root.getHost()).port(root.getPort())
                .header("Authorization", "Bearer " + EmbeddedStackResource.ADMIN_TOKEN);
    }
}
