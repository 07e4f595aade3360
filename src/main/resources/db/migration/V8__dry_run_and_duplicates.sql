-- Issue 9, items 2 and 5.

-- A dry run validates every record against the database like a real run, then rolls back each
-- transaction: it changes no customer data. Part of the allocation identity (ref, checksum, size, dry_run).
ALTER TABLE batch ADD COLUMN dry_run boolean NOT NULL DEFAULT FALSE;

-- Duplicate-file warning: the newest successful real batch of the tenant with the same file.
CREATE INDEX batch_duplicate_idx ON batch (client_id, checksum, size, created_at DESC)
    WHERE status = 'success' AND NOT dry_run;
