package io.cdpbatch.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * From a peer in {@code quarkus.http.proxy.trusted-proxies} (loopback, in this profile) the
 * forwarded scheme and host make the hrefs, the Location and the cookie's Secure flag: that is how
 * the service works behind a TLS-terminating ingress. ForwardedHeadersTest shows the same headers
 * ignored from any other peer.
 */
@QuarkusTest
@ApiTest
@TestProfile(TrustedLoopbackProfile.class)
class TrustedProxyTest {

    static final String CHECKSUM = "b1d600dbf7463924e24647e626cd7c1e";

    Tenants tenant;

    @Test
    void forwardedProtoAndHostOfATrustedProxyMakeTheHrefAndTheLocation() {
        String ref = UUID.randomUUID().toString();
        Response allocated = tenant.given().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "cdp.example.com")
                .body("{\"checksum\":\"" + CHECKSUM + "\",\"size\":227}").when().put("/v2/batches/{ref}", ref).then()
                .statusCode(201).extract().response();
        assertThat(allocated.jsonPath().getString("href")).isEqualTo("https://cdp.example.com/v2/batches/" + ref);
        assertThat(allocated.header("Location")).isEqualTo("https://cdp.example.com/v2/batches/" + ref);
    }

    @Test
    void forwardedHttpsOfATrustedProxyMakesTheCookieSecure() {
        Response signedIn = RestAssured.given().redirects().follow(false).header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "cdp.example.com").header("Origin", "https://cdp.example.com")
                .formParam("clientKey", tenant.clientKey()).formParam("token", tenant.token())
                .when().post("/ui/sign-in");
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.header("Location")).isEqualTo("https://cdp.example.com/ui/batches");
        assertThat(signedIn.header("Set-Cookie")).contains("; HttpOnly").contains("; SameSite=Strict").endsWith("; Secure");
    }
}
