package io.cdpbatch.web;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class WebSessionRepository implements PanacheRepository<WebSession> {

    /** The session of this hash, unless it has expired or has been idle since {@code idleSince}. */
    public Optional<WebSession> findActive(String tokenHash, Instant now, Instant idleSince) {
        return find("tokenHash = ?1 and expiresAt > ?2 and lastSeenAt > ?3", tokenHash, now, idleSince)
                .firstResultOptional();
    }

    public long deleteByHash(String tokenHash) {
        return delete("tokenHash", tokenHash);
    }

    /** Expired and idle sessions. */
    public long deleteEnded(Instant now, Instant idleSince) {
        return delete("expiresAt <= ?1 or lastSeenAt <= ?2", now, idleSince);
    }

    public long deleteByClient(long clientId) {
        return delete("clientId", clientId);
    }

    public long touch(long id, Instant now) {
        return update("lastSeenAt = ?1 where id = ?2", now, id);
    }

    /** Ends the oldest sessions of the client beyond the newest {@code keep}. */
    public int deleteOldest(long clientId, int keep) {
        return getEntityManager().createNativeQuery("""
                DELETE FROM web_session WHERE client_id = ?1 AND id NOT IN (
                    SELECT id FROM web_session WHERE client_id = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2)
                """).setParameter(1, clientId).setParameter(2, keep).executeUpdate();
    }

    /** Serializes the sign-ins of one client, so that two at once cannot both stay within the cap. */
    public void lockClient(long clientId) {
        getEntityManager().createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext('cdp-batch web sessions'), ?1)")
                .setParameter(1, (int) clientId).getSingleResult();
    }
}
