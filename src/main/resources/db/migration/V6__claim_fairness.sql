-- Processing claims serve the tenant whose last batch started longest ago first: max() per tenant from this index.
CREATE INDEX batch_client_started_idx ON batch (client_id, processing_started_at DESC NULLS LAST);
