package io.cdpbatch.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.cdpbatch.common.BatchTracing;
import io.cdpbatch.common.Timestamps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;

/**
 * Sends due deliveries of the outbox: every poll interval, each instance claims as many as it has
 * free slots ({@code batch.webhooks.concurrency}), fairly across tenants and within the caps of
 * deliveries in flight per tenant and per receiver host, and sends each on its own thread, so a slow
 * or hanging receiver holds one slot for at most the timeouts and never the batch pipeline nor
 * another tenant's deliveries.
 */
@Singleton
public class WebhookDeliverer {

    private static final Logger LOG = Logger.getLogger(WebhookDeliverer.class);
    /** The identity of the scheduled poll (tests pause it and poll themselves). */
    public static final String JOB = "webhook-deliveries";
    /** Extra lease beyond the timeouts: time to record the outcome. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    static final String UNREADABLE_SECRET = "not sent: the signing secret cannot be read on the service side";
    /** The span of one delivery attempt. */
    public static final String DELIVERY_SPAN = "webhook.deliver";
    static final AttributeKey<Long> DELIVERY_ATTEMPT = AttributeKey.longKey("cdpbatch.webhook.attempt");
    static final AttributeKey<String> DELIVERY_OUTCOME = AttributeKey.stringKey("cdpbatch.webhook.outcome");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");

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

    @Inject
    Vertx vertx;

    @Inject
    BatchTracing tracing;

    private final String owner = "webhooks-" + UUID.randomUUID();
    private final AtomicBoolean warnedDisabled = new AtomicBoolean();
    /** The tenant served last: the next claim starts with the tenant after it (round robin). */
    private final AtomicLong lastTenant = new AtomicLong();
    private ReceiverClient receivers;
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
        receivers = new ReceiverClient(vertx, InetAddress::getAllByName, config.allowPrivateAddresses(),
                config.connectTimeout(), config.requestTimeout(), null);
        deliveredCount = counter("delivered");
        retriedCount = counter("retried");
        failedCount = counter("failed");
    }

    private Counter counter(String outcome) {
        return Counter.builder("cdpbatch.webhook.deliveries").tag("outcome", outcome)
                .description("Webhook deliveries by outcome of an attempt: delivered (2xx), retried, failed (given up)")
                .register(registry);
    }

    @PreDestroy
    void stop() {
        senders.shutdownNow();
        receivers.close();
    }

    @Scheduled(identity = JOB, every = "${batch.webhooks.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warnf("Webhook poll failed, trying again next time: %s", e.getMessage());
        }
    }

    /**
     * Claims due deliveries into the free slots and starts sending them; returns what it claimed, in
     * the order of the claim.
     */
    public List<WebhookOutbox.Claimed> poll() {
        if (!secrets.enabled()) {
            if (warnedDisabled.compareAndSet(false, true)) {
                LOG.warn("Webhook deliveries are not sent: BATCH_WEBHOOKS_ENCRYPTION_KEY is not set");
            }
            return List.of();
        }
        int free = slots.availablePermits();
        if (free == 0 || !slots.tryAcquire(free)) {
            return List.of();
        }
        List<WebhookOutbox.Claimed> claimed;
        try {
            claimed = outbox.claimDue(owner, lease(), clock.instant(), new WebhookOutbox.Caps(free,
                    Math.max(1, config.maxInFlightPerTenant()), Math.max(1, config.maxInFlightPerHost())),
                    lastTenant.get());
        } catch (RuntimeException e) {
            slots.release(free);
            throw e;
        }
        slots.release(free - claimed.size());
        if (!claimed.isEmpty()) {
            lastTenant.set(claimed.get(claimed.size() - 1).clientId());
        }
        for (WebhookOutbox.Claimed delivery : claimed) {
            senders.execute(() -> {
                try {
                    attempt(delivery);
                } catch (Throwable e) {
                    // The lease expires and the delivery is retaken.
                    LOG.warnf("Webhook delivery %s: recording the attempt failed: %s", delivery.publicId(), e.getMessage());
                } finally {
                    slots.release();
                }
            });
        }
        return claimed;
    }

    /** Deliveries being sent by this instance now. */
    public int inFlight() {
        return Math.max(1, config.concurrency()) - slots.availablePermits();
    }

    Duration lease() {
        return config.connectTimeout().plus(config.requestTimeout()).plus(LEASE_MARGIN);
    }

    private void attempt(WebhookOutbox.Claimed delivery) {
        // a span in the batch's trace: the tenant, the batch, the outcome; never the URL (it may hold a token)
        Span span = tracing.startInBatchTrace(DELIVERY_SPAN, delivery.traceparent(), delivery.clientKey(), delivery.batchRef());
        span.setAttribute(DELIVERY_ATTEMPT, (long) delivery.attempts() + 1);
        try (Scope scope = span.makeCurrent()) {
            String outcome = attempt(delivery, span);
            span.setAttribute(DELIVERY_OUTCOME, outcome);
            if (!"delivered".equals(outcome)) {
                span.setStatus(StatusCode.ERROR, "not delivered");
            }
        } finally {
            span.end();
        }
    }

    /** Sends and records one attempt; returns its outcome: delivered, retried or failed. */
    private String attempt(WebhookOutbox.Claimed delivery, Span span) {
        ReceiverClient.Result result = send(delivery);
        if (result.statusCode() != null) {
            span.setAttribute(HTTP_STATUS, (long) result.statusCode());
        }
        Instant now = clock.instant();
        if (result.delivered()) {
            outbox.delivered(delivery.id(), owner, result.statusCode(), Timestamps.truncate(now));
            deliveredCount.increment();
            return "delivered";
        }
        int attempts = delivery.attempts() + 1;
        Instant deadline = delivery.createdAt().plus(config.retryFor());
        if (ReceiverClient.NOT_PUBLIC.equals(result.error())) {
            LOG.infof("Webhook delivery %s, attempt %d not sent (SSRF guard): %s", delivery.publicId(), attempts,
                    result.detail());
        } else {
            LOG.debugf("Webhook delivery %s, attempt %d: %s", delivery.publicId(), attempts, result.detail());
        }
        if (!now.isBefore(deadline)) {
            String error = result.error() + " (gave up after " + attempts + " attempts in " + config.retryFor() + ")";
            outbox.failed(delivery.id(), owner, result.statusCode(), truncate(error, 1000));
            failedCount.increment();
            LOG.infof("Webhook delivery %s failed for good after %d attempts: %s", delivery.publicId(), attempts,
                    result.detail());
            return "failed";
        }
        Instant next = now.plus(backoff(attempts));
        if (next.isAfter(deadline)) {
            next = deadline;
        }
        outbox.retry(delivery.id(), owner, result.statusCode(), truncate(result.error(), 1000), Timestamps.truncate(next));
        retriedCount.increment();
        return "retried";
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

    private ReceiverClient.Result send(WebhookOutbox.Claimed delivery) {
        URI uri;
        try {
            uri = URI.create(delivery.url());
        } catch (IllegalArgumentException e) {
            return ReceiverClient.Result.failed(null, "not a valid URL", "the stored URL does not parse");
        }
        byte[] key;
        try {
            key = WebhookSignatures.key(secrets.decrypt(delivery.secretId(), delivery.secretCiphertext()));
        } catch (IllegalStateException | IllegalArgumentException e) {
            LOG.warnf("Webhook delivery %s: %s", delivery.publicId(), e.getMessage());
            return ReceiverClient.Result.failed(null, UNREADABLE_SECRET, e.getMessage());
        }
        String id = delivery.publicId().toString();
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "cdp-batch-webhooks/2");
        headers.put(WebhookSignatures.ID_HEADER, id);
        headers.put(WebhookSignatures.TIMESTAMP_HEADER, Long.toString(timestamp));
        headers.put(WebhookSignatures.SIGNATURE_HEADER, WebhookSignatures.sign(key, id, timestamp, delivery.payload()));
        return receivers.post(uri, headers, delivery.payload());
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
