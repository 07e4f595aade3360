package io.cdpbatch.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.restassured.response.ValidatableResponse;

/** Checks the API's error body, exactly: no other keys, {@code moreInfo} empty. */
public final class ApiErrors {

    private ApiErrors() {
    }

    /** Asserts the status, the JSON content type and the exact body; returns the body. */
    public static Map<String, Object> assertError(ValidatableResponse response, int status, String message,
            String developerMessage) {
        Map<String, Object> body = response.statusCode(status).contentType("application/json").extract().jsonPath()
                .getMap("");
        assertThat(body).containsOnlyKeys("status", "code", "message", "developerMessage", "moreInfo");
        assertThat(body).containsEntry("status", status).containsEntry("code", status)
                .containsEntry("message", message).containsEntry("developerMessage", developerMessage)
                .containsEntry("moreInfo", "");
        return body;
    }
}
