package io.cdpbatch.batch;

/** Example bodies of the batch API for the OpenAPI document, as docs/api.md shows them. */
final class BatchApiExamples {

    private BatchApiExamples() {
    }

    static final String ALLOCATE = """
            {"checksum": "b1d600dbf7463924e24647e626cd7c1e", "size": 227}""";

    static final String ALLOCATE_SIZE_AS_STRING = """
            {"checksum": "b1d600dbf7463924e24647e626cd7c1e", "size": "227"}""";

    static final String ALLOCATE_DRY_RUN = """
            {"checksum": "b1d600dbf7463924e24647e626cd7c1e", "size": 227, "dryRun": true}""";

    static final String ALLOCATED_DRY_RUN_DUPLICATE = """
            {"href": "https://cdp.example.com/v2/batches/12af3453-62da-4b31-b646-631b7b5f3009",
             "ref": "12af3453-62da-4b31-b646-631b7b5f3009",
             "checksum": "b1d600dbf7463924e24647e626cd7c1e", "size": 227,
             "location": {"href": "https://s3.eu-west-1.amazonaws.com/cdp-batch/client-key/12af3453-62da-4b31-b646-631b7b5f3009/import.json.gz?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=...",
                          "expiry": "2026-11-28T15:04:05.123Z"},
             "status": {"code": "uploading"},
             "createdAt": "2026-11-28T14:04:05.123Z", "modifiedAt": "2026-11-28T14:04:05.123Z",
             "dryRun": true, "duplicateOf": "0b6e21c4-3f0a-4c52-9d1e-7a8b9c0d1e2f"}""";

    static final String BAD_DRY_RUN = """
            {"status": 400, "code": 400, "message": "dryRun must be true or false",
             "developerMessage": "dryRun must be the JSON boolean true or false (without quotes), got the string \\"yes\\" (3 characters)",
             "moreInfo": ""}""";

    static final String DRY_RUN_CONFLICT = """
            {"status": 409, "code": 409, "message": "Batch already exists with another dryRun",
             "developerMessage": "Batch 12af3453-62da-4b31-b646-631b7b5f3009 was allocated with dryRun false, this request has dryRun true; whether a batch is a dry run cannot change: allocate a new ref",
             "moreInfo": ""}""";

    static final String ALLOCATED = """
            {"href": "https://cdp.example.com/v2/batches/12af3453-62da-4b31-b646-631b7b5f3009",
             "ref": "12af3453-62da-4b31-b646-631b7b5f3009",
             "checksum": "b1d600dbf7463924e24647e626cd7c1e", "size": 227,
             "location": {"href": "https://s3.eu-west-1.amazonaws.com/cdp-batch/client-key/12af3453-62da-4b31-b646-631b7b5f3009/import.json.gz?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=...",
                          "expiry": "2026-11-28T15:04:05.123Z"},
             "status": {"code": "uploading"},
             "createdAt": "2026-11-28T14:04:05.123Z", "modifiedAt": "2026-11-28T14:04:05.123Z"}""";

    static final String FINISHED = """
            {"href": "https://cdp.example.com/v2/batches/12af3453-62da-4b31-b646-631b7b5f3009",
             "ref": "12af3453-62da-4b31-b646-631b7b5f3009",
             "checksum": "b1d600dbf7463924e24647e626cd7c1e", "size": 227,
             "status": {"code": "error",
                        "log": "https://s3.eu-west-1.amazonaws.com/cdp-batch/client-key/12af3453-62da-4b31-b646-631b7b5f3009/errors.json.gz?X-Amz-Signature=...",
                        "failedRecords": "https://s3.eu-west-1.amazonaws.com/cdp-batch/client-key/12af3453-62da-4b31-b646-631b7b5f3009/failed-records.json.gz?X-Amz-Signature=...",
                        "summary": {"timeToProcessMs": 812, "totalCount": 3, "succeededCount": 2, "failedCount": 1,
                                    "errors": [{"code": "400", "message": "Validation error", "count": 1,
                                                "samples": [{"line": 3, "ref": "guest-3", "detail": "value.email: not a valid e-mail address"}]}]}},
             "createdAt": "2026-11-28T14:04:05.123Z", "modifiedAt": "2026-11-28T14:05:01.456Z"}""";

    static final String LIST = """
            {"totalCount": 1, "offset": 0, "limit": 100,
             "items": [{"href": "https://cdp.example.com/v2/batches/inspect/12af3453-62da-4b31-b646-631b7b5f3009",
                        "ref": "12af3453-62da-4b31-b646-631b7b5f3009", "status": "error",
                        "log": "https://s3.eu-west-1.amazonaws.com/cdp-batch/client-key/12af3453-62da-4b31-b646-631b7b5f3009/errors.json.gz?X-Amz-Signature=...",
                        "failedRecords": "https://s3.eu-west-1.amazonaws.com/cdp-batch/client-key/12af3453-62da-4b31-b646-631b7b5f3009/failed-records.json.gz?X-Amz-Signature=...",
                        "createdAt": "2026-11-28T14:04:05.123Z", "modifiedAt": "2026-11-28T14:05:01.456Z",
                        "checksum": "b1d600dbf7463924e24647e626cd7c1e", "size": 227,
                        "summary": {"timeToProcessMs": 812, "totalCount": 3, "succeededCount": 2, "failedCount": 1},
                        "dryRun": true}]}""";
}
