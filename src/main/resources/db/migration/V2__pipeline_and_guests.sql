-- Intake: when the arrival of the object was last checked, and when it was seen.
ALTER TABLE batch ADD COLUMN checked_at TIMESTAMPTZ;
ALTER TABLE batch ADD COLUMN arrived_at TIMESTAMPTZ;
ALTER TABLE batch ADD COLUMN lease_takeovers INTEGER NOT NULL DEFAULT 0;

-- Arrival scan: uploading batches, least recently checked first.
CREATE INDEX batch_uploading_check_idx ON batch (checked_at NULLS FIRST) WHERE status = 'uploading';
CREATE INDEX batch_client_active_idx ON batch (client_id, lease_expires_at)
    WHERE status IN ('uploading', 'file_uploaded', 'processing');

-- Guests (customer data), tenant-scoped.
CREATE TABLE guest (
    id               BIGSERIAL PRIMARY KEY,
    client_id        BIGINT       NOT NULL REFERENCES api_client (id),
    ref              UUID         NOT NULL DEFAULT gen_random_uuid(),
    guest_type       VARCHAR(16),
    title            VARCHAR(16),
    first_name       VARCHAR(255),
    last_name        VARCHAR(255),
    gender           VARCHAR(8),
    email            VARCHAR(254),
    phone_numbers    TEXT[],
    street           TEXT[],
    country          CHAR(2),
    language         CHAR(2),
    nationality      VARCHAR(255),
    city             VARCHAR(255),
    state            VARCHAR(255),
    post_code        VARCHAR(255),
    date_of_birth    TIMESTAMPTZ,
    first_seen       TIMESTAMPTZ,
    last_seen        TIMESTAMPTZ,
    passport_number  VARCHAR(255),
    passport_expiry  TIMESTAMPTZ,
    created_at       TIMESTAMPTZ  NOT NULL,
    modified_at      TIMESTAMPTZ  NOT NULL,
    CONSTRAINT guest_client_ref_unique UNIQUE (client_id, ref)
);
-- Lookup by e-mail (stored lower-case) when a record has no identifiers.
CREATE INDEX guest_client_email_idx ON guest (client_id, email) WHERE email IS NOT NULL;

-- An identifier pair belongs to at most one guest of a tenant.
CREATE TABLE guest_identifier (
    client_id    BIGINT        NOT NULL REFERENCES api_client (id),
    provider     VARCHAR(255)  NOT NULL,
    id           VARCHAR(255)  NOT NULL,
    guest_id     BIGINT        NOT NULL REFERENCES guest (id) ON DELETE CASCADE,
    expiry_date  TIMESTAMPTZ,
    PRIMARY KEY (client_id, provider, id)
);
CREATE INDEX guest_identifier_guest_idx ON guest_identifier (guest_id);

-- Subscriptions, merged by (name, channel, point of sale); absent parts stored as ''.
CREATE TABLE guest_subscription (
    guest_id        BIGINT        NOT NULL REFERENCES guest (id) ON DELETE CASCADE,
    name            VARCHAR(255)  NOT NULL,
    channel         VARCHAR(255)  NOT NULL,
    point_of_sale   VARCHAR(255)  NOT NULL,
    status          VARCHAR(16),
    effective_date  TIMESTAMPTZ,
    PRIMARY KEY (guest_id, name, channel, point_of_sale)
);

-- Extension groups (ext, ext1..ext5): an upsert replaces a whole group.
CREATE TABLE guest_extension (
    guest_id    BIGINT      NOT NULL REFERENCES guest (id) ON DELETE CASCADE,
    name        VARCHAR(8)  NOT NULL,
    attributes  JSONB       NOT NULL,
    PRIMARY KEY (guest_id, name)
);
