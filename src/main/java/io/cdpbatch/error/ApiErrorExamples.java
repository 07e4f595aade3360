package io.cdpbatch.error;

/** Examples of {@link ApiError} bodies for the OpenAPI document. */
public final class ApiErrorExamples {

    private ApiErrorExamples() {
    }

    public static final String BAD_SIZE = """
            {"status": 400, "code": 400, "message": "size must be a positive integer",
             "developerMessage": "size must be a positive integer, got -3", "moreInfo": ""}""";

    public static final String BAD_REF = """
            {"status": 400, "code": 400, "message": "ref must be a UUID",
             "developerMessage": "ref must be a UUID such as 12af3453-62da-4b31-b646-631b7b5f3009, got \\"not-a-uuid\\"",
             "moreInfo": ""}""";

    public static final String BAD_STATUS = """
            {"status": 400, "code": 400, "message": "status must be one of uploading, file_uploaded, processing, success, corrupted, error",
             "developerMessage": "status must be a comma-separated list of uploading, file_uploaded, processing, success, corrupted, error, got \\"done\\"",
             "moreInfo": ""}""";

    public static final String UNAUTHORIZED = """
            {"status": 401, "code": 401, "message": "Unauthorized",
             "developerMessage": "Unknown client key, wrong API token, or revoked client", "moreInfo": ""}""";

    public static final String ADMIN_UNAUTHORIZED = """
            {"status": 401, "code": 401, "message": "Unauthorized", "developerMessage": "Wrong admin bearer token",
             "moreInfo": ""}""";

    public static final String BATCH_NOT_FOUND = """
            {"status": 404, "code": 404, "message": "Batch not found", "developerMessage": "Batch not found",
             "moreInfo": ""}""";

    public static final String NOT_FOUND = """
            {"status": 404, "code": 404, "message": "Not found", "developerMessage": "Not found", "moreInfo": ""}""";

    public static final String CLIENT_NOT_FOUND = """
            {"status": 404, "code": 404, "message": "Client not found", "developerMessage": "Client not found",
             "moreInfo": ""}""";

    public static final String CONFLICT = """
            {"status": 409, "code": 409, "message": "Batch already exists with another checksum or size",
             "developerMessage": "Batch 12af3453-62da-4b31-b646-631b7b5f3009 was allocated with checksum b1d600dbf7463924e24647e626cd7c1e and size 227; a batch's file cannot change: allocate a new ref",
             "moreInfo": ""}""";

    public static final String TOO_MANY = """
            {"status": 429, "code": 429, "message": "Too many batches waiting for their upload",
             "developerMessage": "This client has 1000 batches in uploading, the limit is 1000: upload their files or wait for their URLs to expire",
             "moreInfo": ""}""";

    public static final String INTERNAL = """
            {"status": 500, "code": 500, "message": "Internal error",
             "developerMessage": "The request could not be completed", "moreInfo": ""}""";

    public static final String WEBHOOKS_NOT_CONFIGURED = """
            {"status": 503, "code": 503, "message": "Webhooks are not configured",
             "developerMessage": "Webhooks need an encryption key for their signing secrets: set BATCH_WEBHOOKS_ENCRYPTION_KEY to the base64 of 32 random bytes (openssl rand -base64 32)",
             "moreInfo": ""}""";
}
