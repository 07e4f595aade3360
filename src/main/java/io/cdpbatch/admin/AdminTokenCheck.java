package io.cdpbatch.admin;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.cdpbatch.auth.AuthConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start with a short admin token: it guards the creation of every tenant, and a short
 * one can be guessed even at the rate the failure windows allow.
 */
public class AdminTokenCheck {

    /** As long as 192 random bits in base64; {@code openssl rand -base64 32} gives 44 characters. */
    static final int MIN_LENGTH = 32;

    @Inject
    AuthConfig config;

    void onStart(@Observes StartupEvent event) {
        check(config.adminToken().orElse(""));
    }

    static void check(String token) {
        if (!token.isBlank() && token.length() < MIN_LENGTH) {
            throw new IllegalStateException("BATCH_ADMIN_TOKEN must be at least " + MIN_LENGTH + " characters long, got "
                    + token.length() + ": generate one with openssl rand -base64 32");
        }
    }
}
