-- Orders (customer data), tenant-scoped. "order" is a reserved word, hence "orders".
-- guest_id is NULL for an order whose guest was deleted with mode "delete" (the order stays, detached);
-- "gdpr_delete" removes the guest's orders explicitly before the guest.
CREATE TABLE orders (
    id             BIGSERIAL     PRIMARY KEY,
    client_id      BIGINT        NOT NULL REFERENCES api_client (id),
    ref            UUID          NOT NULL DEFAULT gen_random_uuid(),
    guest_id       BIGINT        REFERENCES guest (id) ON DELETE SET NULL,
    reference_id   VARCHAR(255)  NOT NULL,
    channel        VARCHAR(16)   NOT NULL,
    point_of_sale  VARCHAR(255)  NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    ordered_at     TIMESTAMPTZ   NOT NULL,
    currency_code  CHAR(3)       NOT NULL,
    price          NUMERIC       NOT NULL,
    payment_type   VARCHAR(255)  NOT NULL,
    card_type      VARCHAR(255),
    -- extension groups by name ({"ext": {...}}); an upsert replaces a whole group
    extensions     JSONB         NOT NULL DEFAULT '{}',
    created_at     TIMESTAMPTZ   NOT NULL,
    modified_at    TIMESTAMPTZ   NOT NULL,
    CONSTRAINT orders_client_ref_unique UNIQUE (client_id, ref)
);
-- Same-order rule (referenceId equal, orderedAt within 24 h), order deletes and GET /v2.1/orders?referenceId=.
CREATE INDEX orders_client_reference_idx ON orders (client_id, reference_id, ordered_at);
-- A guest's orders: gdpr_delete, migration, ON DELETE SET NULL, GET /v2.1/guests/{ref}/orders.
CREATE INDEX orders_guest_idx ON orders (guest_id, ordered_at);

-- Order items, in the order of the record's orderItems array; replaced whole when an order is written with items.
CREATE TABLE order_item (
    order_id                BIGINT         NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position                INTEGER        NOT NULL,
    type                    VARCHAR(255)   NOT NULL,
    product_id              VARCHAR(255)   NOT NULL,
    name                    VARCHAR(128)   NOT NULL,
    description             VARCHAR(4096)  NOT NULL,
    vendor                  VARCHAR(255)   NOT NULL,
    price                   NUMERIC        NOT NULL,
    currency_code           CHAR(3)        NOT NULL,
    reference_id            VARCHAR(255)   NOT NULL,
    status                  VARCHAR(255)   NOT NULL,
    ordered_at              TIMESTAMPTZ,
    quantity                INTEGER,
    original_price          NUMERIC,
    original_currency_code  CHAR(3),
    channel                 VARCHAR(255),
    extensions              JSONB          NOT NULL DEFAULT '{}',
    PRIMARY KEY (order_id, position)
);

-- Journal of effects that cannot simply be repeated (guest delete and gdpr_delete, order delete,
-- migration): when a batch is processed again after a take-over, a line found here whose target is
-- already gone counts as applied instead of failing with 404.
CREATE TABLE applied_effect (
    batch_id  BIGINT  NOT NULL REFERENCES batch (id) ON DELETE CASCADE,
    line      BIGINT  NOT NULL,
    PRIMARY KEY (batch_id, line)
);
