-- Sessions of the batch uploads web page. Only the SHA-256 of the session id (the cookie value)
-- is kept, so a copy of this table cannot be replayed as cookies. Stored here rather than in
-- memory so that any replica can serve any request.
CREATE TABLE web_session (
    id          BIGSERIAL PRIMARY KEY,
    token_hash  CHAR(64)     NOT NULL,
    client_id   BIGINT       NOT NULL REFERENCES api_client (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ  NOT NULL,
    expires_at  TIMESTAMPTZ  NOT NULL,
    CONSTRAINT web_session_token_unique UNIQUE (token_hash)
);

-- Clean-up of expired sessions.
CREATE INDEX web_session_expires_idx ON web_session (expires_at);
