package io.cdpbatch.records;

/**
 * Thrown (without a stack trace) when a line breaks a rule; caught once in {@link RecordParser} and turned
 * into a {@link Rejection}. Valid lines never throw it.
 */
final class Invalid extends RuntimeException {

    final int code;
    final String logMessage;
    final String detail;

    private Invalid(int code, String logMessage, String detail) {
        super(detail, null, false, false);
        this.code = code;
        this.logMessage = logMessage;
        this.detail = detail;
    }

    static Invalid validation(String detail) {
        return new Invalid(400, Rejection.VALIDATION_ERROR, detail);
    }

    static Invalid of(int code, String logMessage, String detail) {
        return new Invalid(code, logMessage, detail);
    }

    Rejection toRejection(String ref) {
        return new Rejection(ref, code, logMessage, detail);
    }
}
