package io.cdpbatch.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.cdpbatch.auth.ApiClientService;
import io.cdpbatch.auth.Tenant;
import io.cdpbatch.common.Timestamps;

/**
 * Web sign-in sessions, kept in PostgreSQL so that every replica serves every request. The session
 * id is 256 random bits known only to the browser; the table keeps its SHA-256. The CSRF token of
 * the session's forms is derived from the id, so it needs no storage and cannot be computed from
 * the table either.
 */
@ApplicationScoped
public class WebSessionService {

    private static final Logger LOG = Logger.getLogger(WebSessionService.class);

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

    /** Checks the API credentials and opens a session for their tenant. */
    @Transactional
    public Optional<Issued> signIn(String clientKey, String token) {
        Optional<Tenant> tenant = clients.authenticate(clientKey, token);
        if (tenant.isEmpty()) {
            // Neither value is logged: a person may have typed the token into the key field.
            LOG.info("Web sign-in refused: unknown client key or wrong API token");
            return Optional.empty();
        }
        Instant now = Timestamps.truncate(clock.instant());
        sessions.deleteExpired(now);
        String sessionId = newSessionId();
        WebSession session = new WebSession();
        session.tokenHash = hash(sessionId);
        session.clientId = tenant.get().id();
        session.createdAt = now;
        session.expiresAt = now.plus(config.sessionTtl());
        sessions.persist(session);
        LOG.infof("Web sign-in of client %s", tenant.get().clientKey());
        return Optional.of(new Issued(sessionId, session.expiresAt));
    }

    /** The live session of this cookie value, if it exists, has not expired and its client is active. */
    public Optional<Active> resolve(String sessionId) {
        if (sessionId == null || sessionId.isEmpty() || sessionId.length() > 128) {
            return Optional.empty();
        }
        return sessions.findActive(hash(sessionId), clock.instant())
                .flatMap(session -> clients.activeTenant(session.clientId)
                        .map(tenant -> new Active(tenant, csrfToken(sessionId), session.expiresAt)));
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
