package io.cdpbatch.support;

import java.net.URI;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Requests to the management interface of the running test application: health, metrics and OpenAPI live on
 * their own port (a random one in tests), never on the public port that {@link RestAssured} targets.
 */
public final class Management {

    private Management() {
    }

    /** A request to the management port; paths as served there, e.g. {@code /q/health/ready}. */
    public static RequestSpecification given() {
        URI root = URI.create(TestHTTPResourceManager.getManagementUri());
        return RestAssured.given().baseUri(root.getScheme() + "://" + root.getHost()).port(root.getPort());
    }
}
