-- Completion webhooks (issue 9): a tenant's registered endpoints and an outbox of deliveries.

-- One row per registered endpoint. public_id is the UUID the client chose (PUT /v2/webhooks/{id}).
-- The signing secret is kept encrypted (AES-256-GCM, nonce || ciphertext || tag) under
-- batch.webhooks.encryption-key: it must be readable to sign, so it cannot be a hash.
CREATE TABLE webhook (
    id                 BIGSERIAL     PRIMARY KEY,
    client_id          BIGINT        NOT NULL REFERENCES api_client (id) ON DELETE CASCADE,
    public_id          UUID          NOT NULL,
    url                VARCHAR(2048) NOT NULL,
    description        VARCHAR(500),
    secret_ciphertext  BYTEA         NOT NULL,
    created_at         TIMESTAMPTZ   NOT NULL,
    CONSTRAINT webhook_client_public_unique UNIQUE (client_id, public_id)
);

-- A per-batch callback ("callbackUrl" in the allocate body): signed with its own secret, encrypted as
-- the webhooks'. Goes with its batch.
CREATE TABLE batch_callback (
    batch_id           BIGINT        PRIMARY KEY REFERENCES batch (id) ON DELETE CASCADE,
    url                VARCHAR(2048) NOT NULL,
    secret_ciphertext  BYTEA         NOT NULL
);

-- The outbox: one row per (terminal batch transition, webhook or per-batch callback), inserted in the transaction of the
-- transition. The body is fixed at enqueue time and signed as stored. The webhook's id and URL are
-- copied so that the delivery log still reads after the webhook is deleted (webhook_id becomes NULL).
-- A callback delivery has no webhook (webhook_public_id NULL).
CREATE TABLE webhook_delivery (
    id                 BIGSERIAL     PRIMARY KEY,
    public_id          UUID          NOT NULL DEFAULT gen_random_uuid(),
    client_id          BIGINT        NOT NULL REFERENCES api_client (id) ON DELETE CASCADE,
    webhook_id         BIGINT        REFERENCES webhook (id) ON DELETE SET NULL,
    webhook_public_id  UUID,
    -- set for a per-batch callback instead of a webhook (NULL once the batch is purged)
    callback_batch_id  BIGINT        REFERENCES batch (id) ON DELETE SET NULL,
    url                VARCHAR(2048) NOT NULL,
    batch_ref          UUID          NOT NULL,
    payload            TEXT          NOT NULL,
    state              VARCHAR(16)   NOT NULL DEFAULT 'pending',
    attempts           INTEGER       NOT NULL DEFAULT 0,
    last_status_code   INTEGER,
    last_error         VARCHAR(1000),
    next_attempt_at    TIMESTAMPTZ,
    created_at         TIMESTAMPTZ   NOT NULL,
    delivered_at       TIMESTAMPTZ,
    -- which instance is sending it, until when (database clock)
    lease_owner        VARCHAR(128),
    lease_expires_at   TIMESTAMPTZ,
    CONSTRAINT webhook_delivery_public_unique UNIQUE (public_id),
    CONSTRAINT webhook_delivery_state_known CHECK (state IN ('pending', 'delivered', 'failed'))
);

-- The poll: pending deliveries by due time.
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at, id) WHERE state = 'pending';
-- The per-tenant delivery log, newest first, optionally for one batch.
CREATE INDEX webhook_delivery_client_created_idx ON webhook_delivery (client_id, created_at DESC, id DESC);
CREATE INDEX webhook_delivery_client_batch_idx ON webhook_delivery (client_id, batch_ref);
-- Deleting a webhook: its pending deliveries are cancelled and the foreign key set to NULL.
CREATE INDEX webhook_delivery_webhook_idx ON webhook_delivery (webhook_id);
-- Purging a batch sets its callback deliveries' reference to NULL.
CREATE INDEX webhook_delivery_callback_idx ON webhook_delivery (callback_batch_id) WHERE callback_batch_id IS NOT NULL;
-- Retention purge of finished deliveries.
CREATE INDEX webhook_delivery_finished_idx ON webhook_delivery (created_at) WHERE state <> 'pending';
