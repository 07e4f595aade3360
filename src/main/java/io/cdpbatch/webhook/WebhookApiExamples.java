package io.cdpbatch.webhook;

/** Examples of webhook bodies for the OpenAPI document. */
final class WebhookApiExamples {

    private WebhookApiExamples() {
    }

    static final String REGISTER = """
            {"url": "https://example.com/hooks/cdp-batch", "description": "Nightly import monitor"}""";

    static final String CREATED = """
            {"href": "https://batch.example.com/v2/webhooks/0f8e2b1c-5a1d-4c1e-9b6a-2f1f3c4d5e6f",
             "id": "0f8e2b1c-5a1d-4c1e-9b6a-2f1f3c4d5e6f", "url": "https://example.com/hooks/cdp-batch",
             "description": "Nightly import monitor", "secret": "whsec_3q2+7wYb0cA1Qm5Lx9VZ8pT4nR6sK2dF0hJ7gE1uI3o=",
             "createdAt": "2026-11-28T14:04:05.123Z"}""";

    static final String WEBHOOK = """
            {"href": "https://batch.example.com/v2/webhooks/0f8e2b1c-5a1d-4c1e-9b6a-2f1f3c4d5e6f",
             "id": "0f8e2b1c-5a1d-4c1e-9b6a-2f1f3c4d5e6f", "url": "https://example.com/hooks/cdp-batch",
             "description": "Nightly import monitor", "createdAt": "2026-11-28T14:04:05.123Z"}""";

    static final String LIST = """
            {"totalCount": 1, "items": [""" + WEBHOOK + "]}";

    static final String DELIVERIES = """
            {"totalCount": 1, "offset": 0, "limit": 100, "items": [
              {"id": "5b0c7f7e-8d0e-4a43-9a4f-0d5b2f1e9c11", "webhookId": "0f8e2b1c-5a1d-4c1e-9b6a-2f1f3c4d5e6f",
               "batchRef": "12af3453-62da-4b31-b646-631b7b5f3009", "url": "https://example.com/hooks/cdp-batch",
               "state": "pending", "attempts": 2, "lastStatusCode": 503, "lastError": "answered 503",
               "nextAttemptAt": "2026-11-28T14:05:05.000Z", "createdAt": "2026-11-28T14:04:15.000Z", "deliveredAt": null}]}""";

    static final String EVENT = """
            {"type": "batch.completed", "timestamp": "2026-11-28T14:04:15.000Z",
             "data": {"ref": "12af3453-62da-4b31-b646-631b7b5f3009", "status": "error",
                      "summary": {"timeToProcessMs": 1834, "totalCount": 3, "succeededCount": 2, "failedCount": 1},
                      "log": "/v2/batches/12af3453-62da-4b31-b646-631b7b5f3009"}}""";

    static final String BAD_URL = """
            {"status": 400, "code": 400, "message": "url must be an absolute https URL",
             "developerMessage": "url must be an absolute https URL: the scheme \\"http\\" is not allowed (deliveries are only sent over TLS)",
             "moreInfo": ""}""";

    static final String BAD_ID = """
            {"status": 400, "code": 400, "message": "id must be a UUID",
             "developerMessage": "id must be a UUID chosen by the client, such as 0f8e2b1c-5a1d-4c1e-9b6a-2f1f3c4d5e6f, got \\"hook-1\\"",
             "moreInfo": ""}""";

    static final String BAD_STATE = """
            {"status": 400, "code": 400, "message": "state must be one of pending, delivered, failed",
             "developerMessage": "state must be one of pending, delivered, failed, got \\"done\\"", "moreInfo": ""}""";

    static final String CONFLICT = """
            {"status": 409, "code": 409, "message": "Webhook already exists with another URL",
             "developerMessage": "Webhook 0f8e2b1c-5a1d-4c1e-9b6a-2f1f3c4d5e6f is registered for another URL; a webhook's URL cannot change: delete it, or register a new id",
             "moreInfo": ""}""";

    static final String TOO_MANY = """
            {"status": 409, "code": 409, "message": "Too many webhooks",
             "developerMessage": "This client has 10 webhooks, the limit is 10: delete one before registering another",
             "moreInfo": ""}""";

    static final String NOT_FOUND = """
            {"status": 404, "code": 404, "message": "Webhook not found",
             "developerMessage": "No webhook 0f8e2b1c-5a1d-4c1e-9b6a-2f1f3c4d5e6f for this client", "moreInfo": ""}""";

    static final String NOT_CONFIGURED = """
            {"status": 503, "code": 503, "message": "Webhooks are not configured",
             "developerMessage": "Webhooks need an encryption key for their signing secrets: set BATCH_WEBHOOKS_ENCRYPTION_KEY to the base64 of 32 random bytes (openssl rand -base64 32)",
             "moreInfo": ""}""";
}
