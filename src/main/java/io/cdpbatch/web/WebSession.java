package io.cdpbatch.web;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A signed-in browser. The session id itself is only in the cookie; the row has its SHA-256. */
@Entity
@Table(name = "web_session")
public class WebSession {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "token_hash", nullable = false, length = 64, columnDefinition = "bpchar(64)")
    public String tokenHash;

    @Column(name = "client_id", nullable = false)
    public Long clientId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** When the session last served a request, to the minute: it ends after the idle timeout without one. */
    @Column(name = "last_seen_at", nullable = false)
    public Instant lastSeenAt;
}
