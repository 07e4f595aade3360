package io.cdpbatch.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.cdpbatch.auth.ApiClientService;
import io.cdpbatch.auth.AuthResult;
import io.cdpbatch.auth.ClientCredentialsChanged;
import io.cdpbatch.auth.Tenant;
import io.cdpbatch.common.Timestamps;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Web sign-in sessions, kept in PostgreSQL so that every replica serves every request. The session
 * id is 256 random bits known only to the browser; the table keeps its SHA-256. The CSRF token of
 * the session's forms is derived from the id, so it needs no storage and cannot be computed from
 * the table either.
 */
@ApplicationScoped
public class WebSessionService {

    private static final Logger LOG = Logger.getLogger(WebSessionService.class);

    /** How stale last_seen_at may get: a write per request would cost more than the minute is worth. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final SecureRandom random = new SecureRandom();

    @Inject
    WebSessionRepository sessions;

    @Inject
    ApiClientService clients;

    @Inject
    WebConfig config;

    @Inject
    Clock clock;

    /** A new session: the cookie value and when it ends. */
    public record Issued(String sessionId, Instant expiresAt) {
    }

    /** The session of a request. */
    public record Active(Tenant tenant, String csrfToken, Instant expiresAt) {
    }

    /** The outcome of a sign-in: a session, or why not. */
    public record SignIn(Optional<Issued> issued, AuthResult result) {
    }

    /**
     * Checks the API credentials (outside any transaction: bcrypt must not hold a connection) and
     * opens a session for their tenant, ending its oldest beyond the cap.
     */
    public SignIn signIn(String clientKey, String token, String address) {
        AuthResult result = clients.authenticate(clientKey, token, address, "web sign-in");
        if (!(result instanceof AuthResult.Accepted accepted)) {
            return new SignIn(Optional.empty(), result);
        }
        Tenant tenant = accepted.tenant();
        Issued issued = QuarkusTransaction.requiringNew().call(() -> open(tenant));
        LOG.infof("Web sign-in of client %s", tenant.clientKey());
        return new SignIn(Optional.of(issued), result);
    }

    private Issued open(Tenant tenant) {
        Instant now = Timestamps.truncate(clock.instant());
        sessions.lockClient(tenant.id());
        String sessionId = newSessionId();
        WebSession session = new WebSession();
        session.tokenHash = hash(sessionId);
        session.clientId = tenant.id();
        session.createdAt = now;
        session.lastSeenAt = now;
        session.expiresAt = now.plus(config.sessionTtl());
        sessions.persist(session);
        sessions.flush();
        int ended = sessions.deleteOldest(tenant.id(), Math.max(1, config.maxSessionsPerClient()));
        if (ended > 0) {
            LOG.infof("Ended %d older web session(s) of client %s: at most %d at once", ended, tenant.clientKey(),
                    config.maxSessionsPerClient());
        }
        return new Issued(sessionId, session.expiresAt);
    }

    /**
     * The live session of this cookie value, if it exists, has neither expired nor been idle for
     * the idle timeout, and its client is active. Records the use, at most once a minute.
     */
    public Optional<Active> resolve(String sessionId) {
        if (sessionId == null || sessionId.isEmpty() || sessionId.length() > 128) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<WebSession> found = sessions.findActive(hash(sessionId), now, now.minus(config.sessionIdleTimeout()));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        WebSession session = found.get();
        if (session.lastSeenAt.isBefore(now.minus(TOUCH_EVERY))) {
            QuarkusTransaction.requiringNew().run(() -> sessions.touch(session.id, Timestamps.truncate(now)));
        }
        return clients.activeTenant(session.clientId)
                .map(tenant -> new Active(tenant, csrfToken(sessionId), session.expiresAt));
    }

    /** Deletes expired and idle sessions; run by {@link WebSessionPurge} on every replica. */
    @Transactional
    public long purgeEnded() {
        Instant now = clock.instant();
        long deleted = sessions.deleteEnded(now, now.minus(config.sessionIdleTimeout()));
        if (deleted > 0) {
            LOG.debugf("Deleted %d ended web sessions", deleted);
        }
        return deleted;
    }

    /** A revoked client or a changed token ends every session of that client, in the same transaction. */
    void endSessions(@Observes ClientCredentialsChanged changed) {
        long ended = sessions.deleteByClient(changed.clientId());
        if (ended > 0) {
            LOG.infof("Ended %d web session(s) of client %s: its credentials changed or it was revoked", ended,
                    changed.clientKey());
        }
    }

    @Transactional
    public void signOut(String sessionId) {
        if (sessionId != null && !sessionId.isEmpty()) {
            sessions.deleteByHash(hash(sessionId));
        }
    }

    /** Whether the token sent with a form is the one of this session, in constant time. */
    public static boolean csrfMatches(Active session, String sent) {
        return sent != null && MessageDigest.isEqual(bytes(session.csrfToken()), bytes(sent));
    }

    static String hash(String sessionId) {
        return HexFormat.of().formatHex(sha256(sessionId));
    }

    private static String csrfToken(String sessionId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256("csrf\0" + sessionId));
    }

    private String newSessionId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
