-- API clients: one per tenant. Only a bcrypt hash of the API token is kept.
CREATE TABLE api_client (
    id           BIGSERIAL PRIMARY KEY,
    client_key   VARCHAR(64)  NOT NULL,
    token_hash   VARCHAR(100) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    revoked_at   TIMESTAMPTZ,
    CONSTRAINT api_client_key_unique UNIQUE (client_key)
);

-- Batches: one per allocated upload. The ref is unique per tenant.
CREATE TABLE batch (
    id                  BIGSERIAL PRIMARY KEY,
    client_id           BIGINT       NOT NULL REFERENCES api_client (id),
    ref                 UUID         NOT NULL,
    checksum            CHAR(32)     NOT NULL,
    size                BIGINT       NOT NULL CHECK (size > 0),
    status              VARCHAR(16)  NOT NULL,
    message             TEXT,
    created_at          TIMESTAMPTZ  NOT NULL,
    modified_at         TIMESTAMPTZ  NOT NULL,
    upload_expires_at   TIMESTAMPTZ  NOT NULL,
    -- processing summary, live while processing
    time_to_process_ms  BIGINT,
    total_count         BIGINT,
    succeeded_count     BIGINT,
    failed_count        BIGINT,
    has_log             BOOLEAN      NOT NULL DEFAULT FALSE,
    -- lease: which instance works on the batch, until when
    lease_owner         VARCHAR(128),
    lease_expires_at    TIMESTAMPTZ,
    attempts            INTEGER      NOT NULL DEFAULT 0,
    processed_by        VARCHAR(128),
    processing_started_at TIMESTAMPTZ,
    CONSTRAINT batch_client_ref_unique UNIQUE (client_id, ref),
    CONSTRAINT batch_status_known CHECK (status IN ('uploading', 'file_uploaded', 'processing', 'success', 'corrupted', 'error'))
);

-- Listing: a tenant's batches by modification or creation time.
CREATE INDEX batch_client_modified_idx ON batch (client_id, modified_at DESC);
CREATE INDEX batch_client_created_idx ON batch (client_id, created_at DESC);
-- Arrival scan: only batches still uploading whose URL has not long expired.
CREATE INDEX batch_uploading_idx ON batch (upload_expires_at) WHERE status = 'uploading';
-- Claims: work waiting or leased.
CREATE INDEX batch_work_idx ON batch (status, lease_expires_at) WHERE status IN ('file_uploaded', 'processing');
-- Retention purge.
CREATE INDEX batch_created_idx ON batch (created_at);
