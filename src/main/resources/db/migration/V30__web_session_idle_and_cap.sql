-- Web sessions end after a time without use (idle timeout) as well as at expires_at; last_seen_at is
-- when the session last served a request (updated at most once a minute).
ALTER TABLE web_session ADD COLUMN last_seen_at TIMESTAMPTZ;
UPDATE web_session SET last_seen_at = created_at;
ALTER TABLE web_session ALTER COLUMN last_seen_at SET NOT NULL;

-- The sessions of one client, newest first: the cap per client ends the oldest, and a revocation or
-- a token change ends them all.
CREATE INDEX web_session_client_idx ON web_session (client_id, created_at DESC, id DESC);
-- The scheduled purge of idle sessions.
CREATE INDEX web_session_last_seen_idx ON web_session (last_seen_at);
