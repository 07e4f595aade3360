package io.cdpbatch.error;

import java.util.Map;

/** A failure that maps to one precise API answer. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String developerMessage;
    private final Map<String, String> headers;

    public ApiException(int status, String message, String developerMessage) {
        this(status, message, developerMessage, Map.of());
    }

    public ApiException(int status, String message, String developerMessage, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.developerMessage = developerMessage == null ? message : developerMessage;
        this.headers = headers;
    }

    public static ApiException badRequest(String message, String developerMessage) {
        return new ApiException(400, message, developerMessage);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message, message);
    }

    public static ApiException conflict(String message, String developerMessage) {
        return new ApiException(409, message, developerMessage);
    }

    public static ApiException tooManyRequests(String message, String developerMessage) {
        return new ApiException(429, message, developerMessage);
    }

    public int status() {
        return status;
    }

    public String developerMessage() {
        return developerMessage;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public ApiError toError() {
        return ApiError.of(status, getMessage(), developerMessage);
    }
}
