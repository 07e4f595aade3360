package io.cdpbatch.records;

/**
 * A record that is not applied: one line of the error log.
 *
 * @param ref the record's ref, or {@code "null"} when the line could not be parsed or had no ref
 * @param code the log code: 400, 402, 404, 409 or 500
 * @param message exactly one of the outcome messages (the constants below)
 * @param detail which field and why, e.g. {@code value.email: not a valid e-mail address}
 */
public record Rejection(String ref, int code, String message, String detail) implements LineOutcome {

    /** The ref of a line whose ref cannot be read. */
    public static final String NO_REF = "null";

    public static final String FAILED_TO_PARSE = "Failed to parse import line";
    public static final String VALIDATION_ERROR = "Validation error";
    public static final String IDENTITY_MISSING = "Identity information missing";
    public static final String NOT_ENOUGH_IDENTIFYING_INFO = "Not Enough Identifying Info";
    public static final String UNSUPPORTED_MODE = "Unsupported mode";
    public static final String GUEST_NOT_FOUND = "Guest not found";
    public static final String ORDER_NOT_FOUND = "No order found for the provided referenceId and orderedAt attributes.";
    public static final String ORDER_AMBIGUOUS = "More than one order exists with that referenceId, please supply the orderedAt date for the order you wish to delete.";
    public static final String IDENTITY_CONFLICT = "Identity conflict";
    public static final String INTERNAL_ERROR = "Internal error";

    /** 404 for a guest delete or migration whose guest does not exist. */
    public static Rejection guestNotFound(String ref, String detail) {
        return new Rejection(ref, 404, GUEST_NOT_FOUND, detail);
    }

    /** 404 for an order delete that matches no order. */
    public static Rejection orderNotFound(String ref, String detail) {
        return new Rejection(ref, 404, ORDER_NOT_FOUND, detail);
    }

    /** 400 for an order delete that matches several orders. */
    public static Rejection orderAmbiguous(String ref, String detail) {
        return new Rejection(ref, 400, ORDER_AMBIGUOUS, detail);
    }

    /** 409 when identifiers point to different guests. */
    public static Rejection identityConflict(String ref, String detail) {
        return new Rejection(ref, 409, IDENTITY_CONFLICT, detail);
    }

    /** 500 when a record could not be applied for a reason that is not its fault (after retries). */
    public static Rejection internalError(String ref, String detail) {
        return new Rejection(ref, 500, INTERNAL_ERROR, detail);
    }
}
