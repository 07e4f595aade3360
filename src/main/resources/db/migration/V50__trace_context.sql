-- One trace per batch: the W3C trace context ("traceparent") of the request that allocated a batch, so that the
-- work on it later (arrival, verification, processing, webhook deliveries) on any replica continues that trace.
-- NULL while tracing is off. A delivery copies its batch's at enqueue time: it outlives the batch's row.
ALTER TABLE batch ADD COLUMN traceparent VARCHAR(64);
ALTER TABLE webhook_delivery ADD COLUMN traceparent VARCHAR(64);
