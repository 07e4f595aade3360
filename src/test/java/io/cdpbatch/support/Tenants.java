package io.cdpbatch.support;

import io.cdpbatch.auth.ApiClientService;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** A fresh tenant per test, so tests never see each other's batches. */
public record Tenants(String clientKey, String token) {

    public static Tenants create(ApiClientService clients) {
        var issued = clients.create();
        return new Tenants(issued.clientKey(), issued.token());
    }

    public RequestSpecification given() {
        return RestAssured.given().auth().preemptive().basic(clientKey, token);
    }
}
