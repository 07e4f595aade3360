package io.cdpbatch.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.cdpbatch.common.Timestamps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * Sends due deliveries of the outbox: every poll interval, each instance claims as many as it has
 * free slots ({@code batch.webhooks.concurrency}) and sends each on its own thread, so a slow or
 * hanging receiver holds one slot for at most the timeouts and never the batch pipeline.
 */
@Singleton
public class WebhookDeliverer {

    private static final Logger LOG = Logger.getLogger(WebhookDeliverer.class);
    static final String DELIVERY_HEADER = "X-CdpBatch-Delivery";
    static final String TIMESTAMP_HEADER = "X-CdpBatch-Timestamp";
    static final String SIGNATURE_HEADER = "X-CdpBatch-Signature";
    /** Characters of a receiver's answer kept in lastError. */
    static final int EXCERPT = 200;
    /** Extra lease beyond the timeouts: time to record the outcome. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    @Inject
    WebhookConfig config;

    @Inject
    WebhookOutbox outbox;

    @Inject
    WebhookSecrets secrets;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    private final String owner = "webhooks-" + UUID.randomUUID();
    private final AtomicBoolean warnedDisabled = new AtomicBoolean();
    private HttpClient http;
    private ExecutorService senders;
    private Semaphore slots;
    private Counter deliveredCount;
    private Counter retriedCount;
    private Counter failedCount;

    @PostConstruct
    void init() {
        int concurrency = Math.max(1, config.concurrency());
        slots = new Semaphore(concurrency);
        senders = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "webhook-sender");
            thread.setDaemon(true);
            return thread;
        });
        http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
        deliveredCount = Counter.builder("cdpbatch.webhook.deliveries").tag("outcome", "delivered")
                .description("Webhook deliveries by outcome of an attempt: delivered (2xx), retried, failed (given up)")
                .register(registry);
        retriedCount = Counter.builder("cdpbatch.webhook.deliveries").tag("outcome", "retried")
                .description("Webhook deliveries by outcome of an attempt: delivered (2xx), retried, failed (given up)")
                .register(registry);
        failedCount = Counter.builder("cdpbatch.webhook.deliveries").tag("outcome", "failed")
                .description("Webhook deliveries by outcome of an attempt: delivered (2xx), retried, failed (given up)")
                .register(registry);
    }

    @PreDestroy
    void stop() {
        senders.shutdownNow();
    }

    @Scheduled(every = "${batch.webhooks.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warnf("Webhook poll failed, trying again next time: %s", e.getMessage());
        }
    }

    /** Claims due deliveries into the free slots and starts sending them; returns how many were claimed. */
    public int poll() {
        if (!secrets.enabled()) {
            if (warnedDisabled.compareAndSet(false, true)) {
                LOG.warn("Webhook deliveries are not sent: BATCH_WEBHOOKS_ENCRYPTION_KEY is not set");
            }
            return 0;
        }
        int free = slots.availablePermits();
        if (free == 0 || !slots.tryAcquire(free)) {
            return 0;
        }
        List<WebhookOutbox.Claimed> claimed;
        try {
            claimed = outbox.claimDue(owner, lease(), clock.instant(), free);
        } catch (RuntimeException e) {
            slots.release(free);
            throw e;
        }
        slots.release(free - claimed.size());
        for (WebhookOutbox.Claimed delivery : claimed) {
            senders.execute(() -> {
                try {
                    attempt(delivery);
                } catch (RuntimeException e) {
                    // The lease expires and the delivery is retaken.
                    LOG.warnf("Webhook delivery %s: recording the attempt failed: %s", delivery.publicId(), e.getMessage());
                } finally {
                    slots.release();
                }
            });
        }
        return claimed.size();
    }

    /** Deliveries being sent by this instance now. */
    public int inFlight() {
        return Math.max(1, config.concurrency()) - slots.availablePermits();
    }

    Duration lease() {
        return config.connectTimeout().plus(config.requestTimeout()).plus(LEASE_MARGIN);
    }

    private void attempt(WebhookOutbox.Claimed delivery) {
        Outcome outcome = send(delivery);
        Instant now = clock.instant();
        if (outcome.delivered()) {
            outbox.delivered(delivery.id(), owner, outcome.statusCode(), Timestamps.truncate(now));
            deliveredCount.increment();
            return;
        }
        int attempts = delivery.attempts() + 1;
        Instant deadline = delivery.createdAt().plus(config.retryFor());
        if (outcome.permanent() || !now.isBefore(deadline)) {
            String error = outcome.permanent() ? outcome.error()
                    : outcome.error() + " (gave up after " + attempts
                            + " attempts in " + config.retryFor() + ")";
            outbox.failed(delivery.id(), owner, outcome.statusCode(), truncate(error, 1000));
            failedCount.increment();
            LOG.infof("Webhook delivery %s failed for good: %s", delivery.publicId(), error);
            return;
        }
        Instant next = now.plus(backoff(attempts));
        if (next.isAfter(deadline)) {
            next = deadline;
        }
        outbox.retry(delivery.id(), owner, outcome.statusCode(), truncate(outcome.error(), 1000), Timestamps.truncate(next));
        retriedCount.increment();
    }

    /**
     * The wait after the {@code attempts}-th failed attempt: doubling from the initial back-off, capped, plus 0-20 % jitter.
     */
    Duration backoff(int attempts) {
        long initial = config.initialBackoff().toMillis();
        long max = config.maxBackoff().toMillis();
        long delay = initial;
        for (int i = 1; i < attempts && delay < max; i++) {
            delay *= 2;
        }
        delay = Math.min(delay, max);
        long jitter = (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.min(delay + jitter, max));
    }

    record Outcome(boolean delivered, boolean permanent, Integer statusCode, String error) {
    }

    private Outcome send(WebhookOutbox.Claimed delivery) {
        URI uri;
        try {
            uri = URI.create(delivery.url());
        } catch (IllegalArgumentException e) {
            return new Outcome(false, true, null, "The URL is not valid");
        }
        if (!config.allowPrivateAddresses()) {
            Optional<String> refused;
            try {
                refused = refusedAddress(uri.getHost());
            } catch (UnknownHostException e) {
                return new Outcome(false, false, null, "Cannot resolve the host " + uri.getHost());
            }
            if (refused.isPresent()) {
                return new Outcome(false, true, null, refused.get());
            }
        }
        String secret;
        try {
            secret = secrets.decrypt(delivery.secretId(), delivery.secretCiphertext());
        } catch (IllegalStateException e) {
            return new Outcome(false, false, null, e.getMessage());
        }
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "cdp-batch-webhooks/1")
                .header(DELIVERY_HEADER, delivery.publicId().toString())
                .header(TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(SIGNATURE_HEADER, "v1=" + sign(secret, timestamp, delivery.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8)).build();
        // The receiver's answer is read up to a short excerpt and the rest discarded; the whole exchange,
        // body included, is bounded by the timeouts (the request timeout alone ends at the headers).
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        HttpResponse.BodyHandler<Void> handler = info -> HttpResponse.BodySubscribers.ofByteArrayConsumer(chunk -> chunk
                .ifPresent(bytes -> {
                    synchronized (kept) {
                        int room = EXCERPT * 4 - kept.size();
                        if (room > 0) {
                            kept.write(bytes, 0, Math.min(room, bytes.length));
                        }
                    }
                }));
        CompletableFuture<HttpResponse<Void>> exchange = http.sendAsync(request, handler);
        try {
            HttpResponse<Void> response = exchange.get(config.connectTimeout().plus(config.requestTimeout()).toMillis(),
                    TimeUnit.MILLISECONDS);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Outcome(true, false, status, null);
            }
            String excerpt;
            synchronized (kept) {
                excerpt = excerpt(kept.toByteArray());
            }
            return new Outcome(false, false, status, "HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new Outcome(false, false, null, "No answer within " + config.requestTimeout());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException) {
                return new Outcome(false, false, null, "Connect timed out after " + config.connectTimeout());
            }
            if (cause instanceof HttpTimeoutException) {
                return new Outcome(false, false, null, "No answer within " + config.requestTimeout());
            }
            return new Outcome(false, false, null, "Connection failed: " + describe(cause));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome(false, false, null, "Interrupted (instance stopping)");
        }
    }

    /** Why the host must not be connected to, when any of its addresses is not public. */
    static Optional<String> refusedAddress(String host) throws UnknownHostException {
        for (InetAddress address : InetAddress.getAllByName(host)) {
            Optional<String> kind = WebhookUrls.forbiddenAddress(address);
            if (kind.isPresent()) {
                return Optional.of("Refused: " + host + " resolves to the " + kind.get() + " address "
                        + address.getHostAddress() + " (set batch.webhooks.allow-private-addresses=true to allow)");
            }
        }
        return Optional.empty();
    }

    /** {@code hex(HMAC-SHA256(secret, timestamp + "." + body))}. */
    static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static String excerpt(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return truncate(text, EXCERPT);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null && e.getCause() != null) {
            message = e.getCause().getMessage();
        }
        return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    /** Waits until nothing is in flight (tests). */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        int all = Math.max(1, config.concurrency());
        if (slots.tryAcquire(all, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            slots.release(all);
            return true;
        }
        return false;
    }
}
