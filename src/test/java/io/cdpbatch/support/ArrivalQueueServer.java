package io.cdpbatch.support;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import io.cdpbatch.devstack.EmbeddedStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SQS-compatible server (ElasticMQ, in this JVM, on a free loopback port) with the arrival queue,
 * and the application pointed at it; the tests put S3 event notifications into the queue as the
 * store would, and read what is left in it. One server per test profile that uses it.
 */
public class ArrivalQueueServer implements QuarkusTestResourceLifecycleManager {

    static final String QUEUE = "cdp-batch-arrivals";
    private static final String KEY = "queue-access-key";
    private static final String SECRET = "queue-secret-key";

    private static volatile SQSRestServer server;
    private static volatile SqsClient client;
    private static volatile String queueUrl;

    @Override
    public Map<String, String> start() {
        int port = EmbeddedStack.freePort();
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port).start();
        server.waitUntilStarted();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        client = SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        queueUrl = client.createQueue(r -> r.queueName(QUEUE)).queueUrl();
        return Map.of("batch.intake.events.queue-url", queueUrl,
                "batch.intake.events.endpoint-override", endpoint.toString(),
                "batch.intake.events.region", "us-east-1",
                "batch.intake.events.access-key-id", KEY,
                "batch.intake.events.secret-access-key", SECRET,
                // a receive returns within a second, so the consumer notices a stopped server soon
                "batch.intake.events.wait-time", "1s",
                "batch.intake.events.visibility-timeout", "2s");
    }

    @Override
    public void stop() {
        stopServer();
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /** Stops the server: the queue is down from now on. */
    public static void stopServer() {
        SQSRestServer running = server;
        server = null;
        if (running != null) {
            running.stopAndWait();
        }
    }

    /** Puts a message into the arrival queue, as the store's notification does. */
    public static void send(String body) {
        client.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
    }

    /** Messages in the queue, visible or received and not yet deleted. */
    public static long messagesLeft() {
        Map<QueueAttributeName, String> attributes = client.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(List.of(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)))
                .attributes();
        return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /**
     * An S3 event notification of one created object, in the documented shape of what S3 sends to a
     * queue (event name {@code ObjectCreated:Put}; the key URL-encoded as S3 encodes it).
     */
    public static String objectCreated(String bucket, String key, long size, String eTag) {
        String encoded = java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8).replace("%2F", "/");
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                "eventTime":"2026-12-01T10:00:00.000Z","eventName":"ObjectCreated:Put",
                "userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},"requestParameters":{"sourceIPAddress":"192.0.2.10"},
                "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
                "s3":{"s3SchemaVersion":"1.0","configurationId":"cdp-batch-uploads",
                "bucket":{"name":"%s","ownerIdentity":{"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::%s"},
                "object":{"key":"%s","size":%d,"eTag":"%s","sequencer":"0055AED6DCD90281E5"}}}]}"""
                .formatted(bucket, bucket, encoded, size, eTag);
    }
}
