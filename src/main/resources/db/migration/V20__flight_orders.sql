-- Flight orders: the passenger type code of an item, the flight segments of items, and the consumers
-- of an order (the people who consume its items: for a flight, the passengers) with their links to
-- guests and to items. Everything belongs to its order and goes with it (ON DELETE CASCADE); items
-- are replaced whole when an order is written with items, and their segments and consumer links with
-- them.

ALTER TABLE order_item ADD COLUMN consumer_type_code CHAR(3);

CREATE TABLE flight_segment (
    order_id            BIGINT        NOT NULL,
    item_position       INTEGER       NOT NULL,
    position            INTEGER       NOT NULL,
    segment_id          VARCHAR(255)  NOT NULL,
    origin              CHAR(3)       NOT NULL,
    destination         CHAR(3)       NOT NULL,
    -- local times of the airports as the record writes them (with a Z that does not mean UTC): stored
    -- and shown back unchanged, never compared across time zones
    departure_at        TIMESTAMPTZ   NOT NULL,
    arrival_at          TIMESTAMPTZ   NOT NULL,
    flight_number       VARCHAR(255)  NOT NULL,
    fare_class          VARCHAR(255)  NOT NULL,
    carrier             CHAR(2)       NOT NULL,
    fare_family         VARCHAR(255),
    booking_class       VARCHAR(255),
    equipment_type      VARCHAR(255),
    origin_destination  CHAR(7),
    PRIMARY KEY (order_id, item_position, position),
    FOREIGN KEY (order_id, item_position) REFERENCES order_item (order_id, position) ON DELETE CASCADE
);

-- A consumer links to a guest of the tenant: found by identity, the order's contact (same names), or a
-- traveller guest created for it. guest_id is NULL once that guest was deleted with mode "delete".
CREATE TABLE order_consumer (
    order_id         BIGINT        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position         INTEGER       NOT NULL,
    guest_id         BIGINT        REFERENCES guest (id) ON DELETE SET NULL,
    title            VARCHAR(16),
    first_name       VARCHAR(255),
    last_name        VARCHAR(255),
    gender           VARCHAR(8),
    date_of_birth    TIMESTAMPTZ,
    emails           TEXT[]        NOT NULL DEFAULT '{}',
    phone_numbers    TEXT[],
    nationality      VARCHAR(255),
    country          CHAR(2),
    passport_number  VARCHAR(255),
    passport_expiry  TIMESTAMPTZ,
    -- as the record gave them: [{"provider": ..., "id": ..., "expiryDate": ...}]
    identifiers      JSONB         NOT NULL DEFAULT '[]',
    PRIMARY KEY (order_id, position)
);
-- A guest's orders as a consumer (GET /v2.1/guests/{ref}/orders), gdpr_delete, migration, and whether a
-- traveller is still referred to.
CREATE INDEX order_consumer_guest_idx ON order_consumer (guest_id);

-- The items each consumer consumes.
CREATE TABLE order_consumer_item (
    order_id           BIGINT   NOT NULL,
    consumer_position  INTEGER  NOT NULL,
    item_position      INTEGER  NOT NULL,
    PRIMARY KEY (order_id, consumer_position, item_position),
    FOREIGN KEY (order_id, consumer_position) REFERENCES order_consumer (order_id, position) ON DELETE CASCADE,
    FOREIGN KEY (order_id, item_position) REFERENCES order_item (order_id, position) ON DELETE CASCADE
);
