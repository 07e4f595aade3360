-- Webhook deliveries: fair claims across tenants and receivers, and callback deliveries that go with their batch.

-- The receiver's host name (lower case, without port), for the per-host cap on deliveries in flight.
-- Derived from the URL, so every row has it, old ones included. URLs are validated absolute http(s) URLs
-- without user information; an IPv6 literal keeps its brackets.
ALTER TABLE webhook_delivery ADD COLUMN receiver_host VARCHAR(2048)
    GENERATED ALWAYS AS (lower(substring(url FROM '^[A-Za-z][A-Za-z0-9+.-]*://(\[[^]]*\]|[^/:?#]*)'))) STORED;

-- The claim takes each tenant's oldest due deliveries (a few per tenant), not the oldest overall.
DROP INDEX webhook_delivery_due_idx;
CREATE INDEX webhook_delivery_tenant_due_idx ON webhook_delivery (client_id, next_attempt_at, id) WHERE state = 'pending';
-- Deliveries in flight (a lease), counted per tenant and per host by every claim.
CREATE INDEX webhook_delivery_leased_idx ON webhook_delivery (lease_expires_at)
    WHERE state = 'pending' AND lease_expires_at IS NOT NULL;

-- A per-batch callback's deliveries go with their batch: the retention purge used to leave them with a NULL
-- reference, pending ones never claimed (no secret left to sign with) nor purged (only finished ones are).
DELETE FROM webhook_delivery WHERE webhook_public_id IS NULL AND callback_batch_id IS NULL;
ALTER TABLE webhook_delivery DROP CONSTRAINT webhook_delivery_callback_batch_id_fkey;
ALTER TABLE webhook_delivery ADD CONSTRAINT webhook_delivery_callback_batch_id_fkey
    FOREIGN KEY (callback_batch_id) REFERENCES batch (id) ON DELETE CASCADE;
