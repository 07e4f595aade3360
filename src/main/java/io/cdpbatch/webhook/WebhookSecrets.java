package io.cdpbatch.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cdpbatch.error.ApiException;
import io.quarkus.runtime.Startup;

/**
 * Signing secrets: made, shown once, kept encrypted with AES-256-GCM under the configured key. The
 * webhook's id is the associated data, so a ciphertext copied to another webhook does not decrypt.
 * Neither the key nor a secret is ever logged.
 */
@Startup
@Singleton
public class WebhookSecrets {

    static final String KEY_VARIABLE = "BATCH_WEBHOOKS_ENCRYPTION_KEY";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();

    @Inject
    WebhookConfig config;

    private SecretKeySpec key;

    @PostConstruct
    void init() {
        String encoded = config.encryptionKey().map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        if (encoded == null) {
            return;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            raw = new byte[0];
        }
        if (raw.length != 32) {
            // The value itself is never part of the message.
            throw new IllegalStateException("batch.webhooks.encryption-key (" + KEY_VARIABLE
                    + ") must be the base64 of exactly 32 bytes, e.g. the output of: openssl rand -base64 32");
        }
        key = new SecretKeySpec(raw, "AES");
    }

    /** Whether webhooks can be used: a key is configured. */
    public boolean enabled() {
        return key != null;
    }

    /** The 503 answer of every webhook route when no key is configured. */
    void requireEnabled() {
        if (!enabled()) {
            throw new ApiException(503, "Webhooks are not configured",
                    "Webhooks need an encryption key for their signing secrets: set " + KEY_VARIABLE
                            + " to the base64 of 32 random bytes (openssl rand -base64 32)");
        }
    }

    /** A new secret as shown to the client: {@code whsec_} and the base64 of 32 random bytes (Standard Webhooks). */
    String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return WebhookSignatures.secret(bytes);
    }

    byte[] encrypt(UUID webhookId, String secret) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(webhookId));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a webhook secret: " + e.getClass().getSimpleName());
        }
    }

    String decrypt(UUID webhookId, byte[] ciphertext) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, ciphertext, 0, NONCE_BYTES));
            cipher.updateAAD(aad(webhookId));
            byte[] plain = cipher.doFinal(ciphertext, NONCE_BYTES, ciphertext.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // Wrong key (rotated without re-registering) or a tampered row.
            throw new IllegalStateException("Cannot decrypt the webhook secret: was " + KEY_VARIABLE + " changed?");
        }
    }

    private SecretKeySpec requireKey() {
        if (key == null) {
            throw new IllegalStateException("No webhook encryption key: set " + KEY_VARIABLE);
        }
        return key;
    }

    private static byte[] aad(UUID webhookId) {
        return ("cdp-batch webhook " + webhookId).getBytes(StandardCharsets.UTF_8);
    }
}
