package io.cdpbatch.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * No peer is a trusted proxy by default: forwarded headers sent by anyone else never reach an href,
 * a Location or the cookie's Secure flag (TrustedProxyTest: from a trusted proxy they do).
 */
@QuarkusTest
@ApiTest
class ForwardedHeadersTest {

    static final String CHECKSUM = "b1d600dbf7463924e24647e626cd7c1e";

    Tenants tenant;

    @Test
    void forgedForwardedHeadersNeverMakeAnHrefOrALocation() {
        String ref = UUID.randomUUID().toString();
        Response allocated = forged(tenant.given()).body("{\"checksum\":\"" + CHECKSUM + "\",\"size\":227}")
                .when().put("/v2/batches/{ref}", ref).then().statusCode(201).extract().response();
        String expected = origin() + "/v2/batches/" + ref;
        assertThat(allocated.jsonPath().getString("href")).isEqualTo(expected);
        assertThat(allocated.header("Location")).isEqualTo(expected);
        assertThat(allocated.asString()).doesNotContain("evil.example").doesNotContain("/evil-prefix");

        String view = forged(tenant.given()).when().get("/v2/batches/{ref}", ref).then().statusCode(200).extract().asString();
        assertThat(view).contains("\"href\":\"" + expected + "\"").doesNotContain("evil.example");
    }

    @Test
    void forgedForwardedHeadersNeverChangeTheSignInRedirectOrTheCookie() {
        Response signedIn = forged(RestAssured.given()).redirects().follow(false).header("Origin", origin())
                .formParam("clientKey", tenant.clientKey()).formParam("token", tenant.token())
                .when().post("/ui/sign-in");
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.header("Location")).isEqualTo(origin() + "/ui/batches");
        assertThat(signedIn.header("Set-Cookie")).contains("; Path=/ui;").doesNotContain("Secure");

        // A page of the forged origin is not this service's: its form is refused.
        forged(RestAssured.given()).redirects().follow(false).header("Origin", "https://evil.example")
                .formParam("clientKey", tenant.clientKey()).formParam("token", tenant.token())
                .when().post("/ui/sign-in").then().statusCode(403);
    }

    private static io.restassured.specification.RequestSpecification forged(
            io.restassured.specification.RequestSpecification request) {
        return request.header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Prefix", "/evil-prefix").header("X-Forwarded-For", "203.0.113.200");
    }

    private static String origin() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }
}
