package io.cdpbatch.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The SSRF guard's address classes and the back-off schedule, without the application. */
class WebhookRulesTest {

    @Test
    void onlyPublicAddressesAreAllowed() throws Exception {
        for (String[] c : new String[][] {
                { "127.0.0.1", "loopback" }, { "::1", "loopback" }, { "0.0.0.0", "wildcard" }, { "0.1.2.3", "wildcard" },
                { "169.254.169.254", "link-local" }, { "fe80::1", "link-local" }, { "10.1.2.3", "private" },
                { "172.16.0.1", "private" }, { "192.168.1.1", "private" }, { "fd12::1", "private" },
                { "100.64.0.1", "private" }, { "224.0.0.1", "multicast" } }) {
            assertThat(WebhookUrls.forbiddenAddress(InetAddress.getByName(c[0]))).as(c[0]).contains(c[1]);
        }
        for (String address : new String[] { "93.184.216.34", "8.8.8.8", "100.128.0.1", "172.32.0.1", "2606:4700::1111" }) {
            assertThat(WebhookUrls.forbiddenAddress(InetAddress.getByName(address))).as(address).isEmpty();
        }
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

    @Test
    void signatureIsHexHmacOfTimestampDotBody() {
        // HMAC-SHA256("whsec_test", "1700000000.{}"), computed independently with openssl.
        assertThat(WebhookDeliverer.sign("whsec_test", 1700000000L, "{}"))
                .isEqualTo("35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91");
    }
}
