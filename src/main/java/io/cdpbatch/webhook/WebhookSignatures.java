package io.cdpbatch.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing as the Standard Webhooks specification has it, so that receivers verify with its
 * libraries: a secret is shown as {@code whsec_} and the base64 of its key bytes; the
 * {@code webhook-signature} header is {@code v1,} and the base64 HMAC-SHA256, under those key bytes,
 * of {@code <webhook-id>.<webhook-timestamp>.<body>}.
 */
final class WebhookSignatures {

    static final String SECRET_PREFIX = "whsec_";
    static final String ID_HEADER = "webhook-id";
    static final String TIMESTAMP_HEADER = "webhook-timestamp";
    static final String SIGNATURE_HEADER = "webhook-signature";

    private WebhookSignatures() {
    }

    /** The secret as shown to the client: {@code whsec_} and the standard base64 (with padding) of the key. */
    static String secret(byte[] key) {
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /**
     * The key bytes of a secret. Secrets issued before the Standard Webhooks scheme were written in
     * base64url without padding: they decode to their key bytes too.
     */
    static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        if (encoded.indexOf('-') >= 0 || encoded.indexOf('_') >= 0) {
            return Base64.getUrlDecoder().decode(encoded);
        }
        return Base64.getDecoder().decode(encoded);
    }

    /** The {@code webhook-signature} header value: {@code v1,<base64 HMAC-SHA256(key, id.timestamp.body)>}. */
    static String sign(byte[] key, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
