package io.cdpbatch.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The signature and the back-off schedule, without the application. */
class WebhookRulesTest {

    /** The published example of the Standard Webhooks libraries' tests. */
    @Test
    void signatureMatchesTheStandardWebhooksExample() {
        byte[] key = WebhookSignatures.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(WebhookSignatures.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        // any change of id, timestamp or body changes it
        assertThat(WebhookSignatures.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJel", 1614265330L, "{\"test\": 2432232314}"))
                .isNotEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(WebhookSignatures.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265331L, "{\"test\": 2432232314}"))
                .isNotEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void secretsAreBase64OfTheirKeyAndOldBase64UrlSecretsKeepTheirKey() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0xfb);
        String secret = WebhookSignatures.secret(key);
        assertThat(secret).isEqualTo("whsec_" + Base64.getEncoder().encodeToString(key)).matches("whsec_[A-Za-z0-9+/]{43}=");
        assertThat(WebhookSignatures.key(secret)).isEqualTo(key);
        // as secrets were shown before: base64url without padding, the same key
        String old = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        assertThat(old).contains("-");
        assertThat(WebhookSignatures.key(old)).isEqualTo(key);
    }

    @Test
    void backOffDoublesWithJitterUpToTheMaximum() {
        WebhookDeliverer deliverer = new WebhookDeliverer();
        deliverer.config = (WebhookConfig) Proxy.newProxyInstance(WebhookConfig.class.getClassLoader(),
                new Class<?>[] { WebhookConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "initialBackoff" -> Duration.ofSeconds(10);
                    case "maxBackoff" -> Duration.ofHours(1);
                    default -> Optional.empty();
                });
        assertThat(deliverer.backoff(1)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(12));
        assertThat(deliverer.backoff(2)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(24));
        assertThat(deliverer.backoff(5)).isBetween(Duration.ofSeconds(160), Duration.ofSeconds(192));
        assertThat(deliverer.backoff(9)).isBetween(Duration.ofSeconds(2560), Duration.ofHours(1));
        assertThat(deliverer.backoff(10)).isEqualTo(Duration.ofHours(1));
        assertThat(deliverer.backoff(40)).isEqualTo(Duration.ofHours(1));
    }
}
