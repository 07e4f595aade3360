package io.cdpbatch.intake;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Arrival by the store's event notifications: an SQS queue that receives the bucket's
 * {@code ObjectCreated} events. Off unless a queue URL is configured; the arrival scan then goes on
 * as a slower fallback.
 */
@ConfigMapping(prefix = "batch.intake.events")
public interface ArrivalEventsConfig {

    /**
     * URL of the SQS queue that receives the bucket's {@code s3:ObjectCreated:*} notifications
     * ({@code BATCH_INTAKE_EVENTS_QUEUE_URL}); none: arrivals are found by the scan alone.
     */
    Optional<String> queueUrl();

    /**
     * Region of the queue ({@code BATCH_INTAKE_EVENTS_REGION}); default: the region named in an AWS
     * queue URL, else the SDK's region chain ({@code AWS_REGION}).
     */
    Optional<String> region();

    /**
     * Endpoint of an SQS-compatible server instead of AWS's ({@code BATCH_INTAKE_EVENTS_ENDPOINT_OVERRIDE}).
     */
    Optional<URI> endpointOverride();

    /**
     * Access key id of the queue's credentials ({@code BATCH_INTAKE_EVENTS_ACCESS_KEY_ID}); with the
     * secret key, static credentials; without, the SDK's default chain (environment, web identity
     * on EKS, instance profile), as the S3 client.
     */
    Optional<String> accessKeyId();

    /** Secret key of the queue's static credentials ({@code BATCH_INTAKE_EVENTS_SECRET_ACCESS_KEY}). */
    Optional<String> secretAccessKey();

    /** How long one receive waits for messages (long polling, at most 20 s) ({@code BATCH_INTAKE_EVENTS_WAIT_TIME}). */
    @WithDefault("20s")
    Duration waitTime();

    /** Messages taken per receive, 1 to 10 ({@code BATCH_INTAKE_EVENTS_MAX_MESSAGES}). */
    @WithDefault("10")
    int maxMessages();

    /**
     * How long a received message stays hidden from other receivers; one that could not be handled
     * (the database was unreachable) is not deleted and is received again after this
     * ({@code BATCH_INTAKE_EVENTS_VISIBILITY_TIMEOUT}).
     */
    @WithDefault("30s")
    Duration visibilityTimeout();

    /**
     * While the queue is read, how often the arrival scan still looks in the store, for an event
     * that was lost; while it cannot be read, the scan runs every {@code batch.intake.scan-interval}
     * ({@code BATCH_INTAKE_EVENTS_FALLBACK_SCAN_INTERVAL}).
     */
    @WithDefault("30s")
    Duration fallbackScanInterval();
}
