-- Issue 9, items 3 and 4. has_failed_records: the object {clientKey}/{ref}/failed-records.json.gz
-- (the original lines of the failed records) exists. error_summary: the count per (code, message) of
-- the error log with up to 5 sample lines each, in the wire shape of status.summary.errors; written
-- once when a batch with failures ends, NULL otherwise (and while a batch is processed).
ALTER TABLE batch ADD COLUMN has_failed_records BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE batch ADD COLUMN error_summary JSONB;
