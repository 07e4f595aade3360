-- Processing attempts that failed or never finished (a crash leaves only this count): past the
-- configured bound a batch ends in error instead of taking one instance after another down.
ALTER TABLE batch ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0;
-- What the last failed attempt died of, in words a tenant may read.
ALTER TABLE batch ADD COLUMN last_failure text;
-- Bytes of the gzipped upload consumed by the current attempt: the progress of a batch in processing.
ALTER TABLE batch ADD COLUMN bytes_read bigint NOT NULL DEFAULT 0;

-- The invariant of terminal statuses, checked by the database as well as by the code: every record
-- read was applied or refused, and success means none was refused. NOT VALID: rows written before
-- this migration are not rechecked, every new terminal status is.
ALTER TABLE batch ADD CONSTRAINT batch_terminal_counts_add_up CHECK (
    status NOT IN ('success', 'error')
    OR (total_count IS NOT NULL AND succeeded_count IS NOT NULL AND failed_count IS NOT NULL
        AND total_count = succeeded_count + failed_count)) NOT VALID;
ALTER TABLE batch ADD CONSTRAINT batch_success_has_no_failures CHECK (status <> 'success' OR failed_count = 0) NOT VALID;
