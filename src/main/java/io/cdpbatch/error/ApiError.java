package io.cdpbatch.error;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of every non-2xx answer of the API, in the shape of the vendor's REST errors.
 *
 * @param status HTTP status
 * @param code the same code, kept for clients that read it
 * @param message what went wrong, for a person
 * @param developerMessage the same with the detail seen (value, limit)
 * @param moreInfo always empty; kept for wire compatibility
 */
@Schema(name = "ApiError", description = "The body of every non-2xx answer of the API")
public record ApiError(int status, int code, String message, String developerMessage, String moreInfo) {

    public static ApiError of(int status, String message, String developerMessage) {
        return new ApiError(status, status, message, developerMessage == null ? message : developerMessage, "");
    }
}
