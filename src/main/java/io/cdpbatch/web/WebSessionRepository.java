package io.cdpbatch.web;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class WebSessionRepository implements PanacheRepository<WebSession> {

    public Optional<WebSession> findActive(String tokenHash, Instant now) {
        return find("tokenHash = ?1 and expiresAt > ?2", tokenHash, now).firstResultOptional();
    }

    public long deleteByHash(String tokenHash) {
        return delete("tokenHash", tokenHash);
    }

    public long deleteExpired(Instant now) {
        return delete("expiresAt <= ?1", now);
    }
}
