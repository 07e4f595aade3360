package io.cdpbatch.intake;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdpbatch.common.BatchLogContext;
import io.cdpbatch.common.BatchTracing;
import io.cdpbatch.lifecycle.BatchLifecycle;
import io.cdpbatch.lifecycle.BatchLifecycle.Noticed;
import io.cdpbatch.lifecycle.WorkRunner;
import io.cdpbatch.storage.ObjectStorage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Arrival by event: reads the S3 event notifications of the bucket from an SQS queue (long polling,
 * on a thread of its own) and marks each reported upload as arrived through the lifecycle, which
 * starts its verification at once. An event is only a hint that the object is there: its size and
 * ETag are never used, verification downloads the object and checks its size and MD5 as for an
 * arrival found by the scan.
 *
 * <p>
 * A message is deleted once handled, whatever it said: an arrival, a repeated or late event (the
 * batch is past {@code uploading}: nothing changes), an object that is not an upload, a batch this
 * service does not know, another bucket, a body that is not an S3 event at all (it never will be).
 * Only a message that could not be handled because the database failed is left in the queue, to be
 * received again after the visibility timeout (a dead-letter queue after some receives is the
 * operator's choice). The arrival scan goes on, slower, so an event that is lost delays a batch but
 * never loses it; while the queue cannot be read the scan runs at its full rate.
 */
@ApplicationScoped
public class ArrivalQueue {

    private static final Logger LOG = Logger.getLogger(ArrivalQueue.class);
    private static final Pattern AWS_QUEUE_HOST = Pattern.compile("^sqs[.-]([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?$");
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** What one record of an event came to (the tag of the metric). */
    enum Outcome {
        ARRIVED("arrived"),
        ALREADY_KNOWN("already-known"),
        UNKNOWN_BATCH("unknown-batch"),
        OTHER_BUCKET("other-bucket"),
        NOT_AN_UPLOAD("not-an-upload"),
        NOT_CREATED("not-created"),
        MALFORMED("malformed");

        final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }

    @Inject
    ArrivalEventsConfig config;

    @Inject
    IntakeConfig intake;

    @Inject
    BatchLifecycle lifecycle;

    @Inject
    WorkRunner runner;

    @Inject
    ObjectStorage storage;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry registry;

    @Inject
    BatchTracing tracing;

    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    private Counter receives;
    private volatile SqsClient sqs;
    private volatile Thread thread;
    private volatile boolean running;
    /** The last receive succeeded: events arrive, the scan may slow down. */
    private volatile boolean receiving;

    void onStart(@Observes StartupEvent event) {
        Optional<String> url = config.queueUrl().map(String::trim).filter(s -> !s.isEmpty());
        if (url.isEmpty()) {
            return;
        }
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("cdpbatch.arrival.events").tag("outcome", outcome.tag)
                    .description("Records of S3 event notifications read from the queue, by what they came to")
                    .register(registry));
        }
        receives = Counter.builder("cdpbatch.arrival.queue.receives")
                .description("Receive requests made to the arrival queue").register(registry);
        Gauge.builder("cdpbatch.arrival.queue.up", this, q -> q.receiving ? 1 : 0)
                .description("1 while the arrival queue is read, 0 while it cannot be (the scan then runs at its full rate)")
                .register(registry);
        sqs = client(url.get());
        running = true;
        Thread consumer = new Thread(() -> consume(url.get()), "arrival-events");
        consumer.setDaemon(true);
        thread = consumer;
        consumer.start();
        LOG.infof("Arrival events: reading S3 event notifications from %s; the arrival scan runs every %s meanwhile",
                url.get(), config.fallbackScanInterval());
    }

    /** Whether arrivals come by event now: a queue is configured and its last receive succeeded. */
    public boolean receiving() {
        return receiving;
    }

    @PreDestroy
    void stop() {
        running = false;
        Thread consumer = thread;
        if (consumer != null) {
            consumer.interrupt();
        }
        SqsClient client = sqs;
        if (client != null) {
            client.close();
        }
    }

    private void consume(String url) {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            try {
                receiveOnce(url);
                backoff = Duration.ofSeconds(1);
            } catch (Throwable e) {
                if (!running) {
                    return;
                }
                if (receiving) {
                    LOG.warnf("Arrival events: the queue cannot be read (%s); the arrival scan runs every %s until it can",
                            e.getMessage(), intake.scanInterval());
                } else {
                    LOG.debugf("Arrival events: the queue still cannot be read: %s", e.getMessage());
                }
                receiving = false;
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** One receive (waiting up to the wait time), its messages handled, the handled ones deleted. */
    private void receiveOnce(String url) {
        receives.increment();
        // until a receive has answered, a short one: the scan slows down only once the queue is known to be read
        int wait = receiving ? (int) Math.max(0, Math.min(20, config.waitTime().toSeconds())) : 0;
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url)
                .maxNumberOfMessages(Math.max(1, Math.min(10, config.maxMessages())))
                .waitTimeSeconds(wait)
                .visibilityTimeout((int) Math.max(0, config.visibilityTimeout().toSeconds()))).messages();
        if (!receiving) {
            LOG.info("Arrival events: the queue is read");
        }
        receiving = true;
        List<DeleteMessageBatchRequestEntry> handled = new ArrayList<>(messages.size());
        boolean arrived = false;
        for (Message message : messages) {
            List<Outcome> results;
            try {
                results = handle(message.body());
            } catch (RuntimeException e) {
                // the database: left in the queue, received again after the visibility timeout
                LOG.warnf("Arrival events: message %s not handled, left for redelivery: %s", message.messageId(),
                        e.getMessage());
                continue;
            }
            arrived |= results.contains(Outcome.ARRIVED);
            handled.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(handled.size()))
                    .receiptHandle(message.receiptHandle()).build());
        }
        if (arrived) {
            runner.pumpSoon();
        }
        if (!handled.isEmpty()) {
            var deleted = sqs.deleteMessageBatch(r -> r.queueUrl(url).entries(handled));
            deleted.failed().forEach(f -> LOG.warnf("Arrival events: a handled message was not deleted (%s): %s; "
                    + "received again, it changes nothing", f.code(), f.message()));
        }
    }

    /** What the records of one message come to; throws when the database failed (the message is kept). */
    private List<Outcome> handle(String body) {
        List<S3Events.ObjectEvent> events;
        try {
            events = S3Events.parse(json, body);
        } catch (S3Events.Malformed e) {
            LOG.warnf("Arrival events: a message that is not an S3 event notification (%s) was deleted", e.getMessage());
            return List.of(count(Outcome.MALFORMED));
        }
        List<Outcome> results = new ArrayList<>(events.size());
        for (S3Events.ObjectEvent event : events) {
            results.add(count(handle(event)));
        }
        return results;
    }

    private Outcome handle(S3Events.ObjectEvent event) {
        if (!event.created()) {
            return Outcome.NOT_CREATED;
        }
        if (!storage.bucket().equals(event.bucket())) {
            LOG.warnf("Arrival events: an event of bucket %s, not of %s, was deleted (does the notification publish to "
                    + "the right queue?)", event.bucket(), storage.bucket());
            return Outcome.OTHER_BUCKET;
        }
        Optional<S3Events.UploadKey> upload = S3Events.uploadKey(event.key());
        if (upload.isEmpty()) {
            // the service's own error logs and failed-records files land in the same bucket
            LOG.debugf("Arrival events: %s is not an upload", event.key());
            return Outcome.NOT_AN_UPLOAD;
        }
        S3Events.UploadKey key = upload.get();
        try (var context = BatchLogContext.open(key.clientKey(), key.ref())) {
            Noticed noticed = lifecycle.markArrived(key.clientKey(), key.ref());
            switch (noticed.notice()) {
                case ARRIVED -> {
                    tracing.startInBatchTrace(ArrivalScanner.ARRIVAL_SPAN, noticed.traceparent(), key.clientKey(), key.ref())
                            .setAttribute(ArrivalScanner.ARRIVAL_SOURCE, "event").end();
                    LOG.infof("Batch %s of %s: the upload arrived (store event), verification follows", key.ref(),
                            key.clientKey());
                    return Outcome.ARRIVED;
                }
                case ALREADY_KNOWN -> {
                    LOG.debugf("Batch %s of %s: a repeated or late store event changes nothing", key.ref(), key.clientKey());
                    return Outcome.ALREADY_KNOWN;
                }
                default -> {
                    LOG.warnf("Arrival events: no batch %s of client %s; the event was deleted", key.ref(), key.clientKey());
                    return Outcome.UNKNOWN_BATCH;
                }
            }
        }
    }

    private Outcome count(Outcome outcome) {
        Counter counter = outcomes.get(outcome);
        if (counter != null) {
            counter.increment();
        }
        return outcome;
    }

    private boolean pause(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private SqsClient client(String url) {
        // a receive waits up to the wait time for messages: the socket must wait longer
        Duration wait = config.waitTime().compareTo(Duration.ofSeconds(20)) > 0 ? Duration.ofSeconds(20) : config.waitTime();
        SqsClientBuilder builder = SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(wait.plusSeconds(10)))
                .overrideConfiguration(c -> c.apiCallTimeout(wait.plusSeconds(30)).apiCallAttemptTimeout(wait.plusSeconds(15)))
                .region(region(url))
                .credentialsProvider(credentials());
        config.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private AwsCredentialsProvider credentials() {
        if (config.accessKeyId().isPresent() && config.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider
                    .create(AwsBasicCredentials.create(config.accessKeyId().get(), config.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private Region region(String url) {
        if (config.region().isPresent()) {
            return Region.of(config.region().get());
        }
        Optional<String> named = regionOf(url);
        if (named.isPresent()) {
            return Region.of(named.get());
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkException e) {
            throw new IllegalStateException("The region of the arrival queue is unknown: set BATCH_INTAKE_EVENTS_REGION");
        }
    }

    /** The region in an AWS queue URL ({@code https://sqs.eu-west-1.amazonaws.com/123456789012/name}). */
    static Optional<String> regionOf(String url) {
        try {
            String host = URI.create(url).getHost();
            Matcher matcher = host == null ? null : AWS_QUEUE_HOST.matcher(host);
            return matcher != null && matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
