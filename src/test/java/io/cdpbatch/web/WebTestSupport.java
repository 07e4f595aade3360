package io.cdpbatch.web;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.cdpbatch.support.Tenants;
import io.restassured.RestAssured;

/** Allocation through the real API and sign-in through the real form, for the web page tests. */
final class WebTestSupport {

    static final String CHECKSUM = "b1d600dbf7463924e24647e626cd7c1e";

    private WebTestSupport() {
    }

    /** Allocates a batch with a fresh ref through {@code PUT /v2/batches/{ref}}. */
    static String allocate(Tenants tenant) {
        return allocate(tenant, UUID.randomUUID().toString(), 227);
    }

    static String allocate(Tenants tenant, String ref, long size) {
        tenant.given().contentType("application/json").body("{\"checksum\":\"" + CHECKSUM + "\",\"size\":" + size + "}")
                .when().put("/v2/batches/{ref}", ref)
                .then().statusCode(201);
        return ref;
    }

    /** The origin a browser would send for a page of the service under test. */
    static String origin() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    /** Signs in with the form and answers the session cookie's value. */
    static String signIn(Tenants tenant) {
        String cookie = given().redirects().follow(false).header("Origin", origin())
                .formParam("clientKey", tenant.clientKey()).formParam("token", tenant.token())
                .when().post("/ui/sign-in")
                .then().statusCode(303)
                .extract().cookie(SessionCookies.NAME);
        if (cookie == null || cookie.isEmpty()) {
            throw new IllegalStateException("sign-in set no session cookie");
        }
        return cookie;
    }
}
