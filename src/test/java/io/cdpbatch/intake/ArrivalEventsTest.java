package io.cdpbatch.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.auth.ApiClientService;
import io.cdpbatch.common.Timestamps;
import io.cdpbatch.lifecycle.WorkRunner;
import io.cdpbatch.storage.ObjectKeys;
import io.cdpbatch.storage.ObjectStorage;
import io.cdpbatch.support.ArrivalQueueServer;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestClock;
import io.cdpbatch.support.TestFiles;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * Arrival by the store's event notifications, read from a real SQS-compatible server: an event marks
 * the upload as arrived and the batch goes through verification and processing with no scan at all;
 * every event that is not the arrival of an uploading batch of this bucket changes nothing and is
 * deleted; with the queue down, the scan finds the upload at its full rate. The scheduler is off, so
 * nothing looks in the store unless a test calls the scan.
 */
@QuarkusTest
@TestProfile(ArrivalEventsTest.EventsOn.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArrivalEventsTest {

    public static class EventsOn implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ArrivalQueueServer.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("batch.intake.events.fallback-scan-interval", "30s");
        }
    }

    private static final List<String> LINES = List.of(
            "{\"ref\":\"1\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"email\":\"event-1@example.com\"}}",
            "{\"ref\":\"2\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"email\":\"event-2@example.com\"}}");

    @Inject
    ApiClientService clients;

    @Inject
    ObjectStorage storage;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Inject
    WorkRunner runner;

    @Inject
    ArrivalQueue queue;

    @Inject
    ArrivalScanner scanner;

    @Inject
    TestClock clock;

    @BeforeEach
    void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @AfterEach
    void resume() {
        runner.setPaused(false);
        clock.reset();
    }

    /** An uploaded file, its batch and the event S3 would send for it. */
    record Upload(Tenants tenant, String ref, byte[] file, String event) {
    }

    private Upload upload(Tenants tenant) {
        byte[] file = TestFiles.ndjsonGz(LINES);
        String ref = Batches.upload(tenant, file);
        String key = ObjectKeys.upload(tenant.clientKey(), UUID.fromString(ref));
        return new Upload(tenant, ref, file,
                ArrivalQueueServer.objectCreated(storage.bucket(), key, file.length, TestFiles.md5Hex(file)));
    }

    @Test
    @Order(1)
    void anEventAloneTakesTheUploadThroughVerificationAndProcessing() {
        double scanned = count("cdpbatch.scan.checks");
        double arrivedBefore = outcome("arrived");
        Upload upload = upload(Tenants.create(clients));
        runner.setPaused(true);

        ArrivalQueueServer.send(upload.event());

        // verification runs on the event; processing is paused, so the batch waits in file_uploaded
        Awaitility.await("file_uploaded").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> Batches.inspect(upload.tenant(), upload.ref()).getString("status.code"),
                        "file_uploaded"::equals);
        runner.setPaused(false);
        Awaitility.await("success").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> Batches.inspect(upload.tenant(), upload.ref()).getString("status.code"), "success"::equals);

        var body = Batches.inspect(upload.tenant(), upload.ref());
        assertThat(body.getLong("status.summary.totalCount")).isEqualTo(2);
        assertThat(body.getLong("status.summary.succeededCount")).isEqualTo(2);
        awaitQueueEmpty();
        assertThat(outcome("arrived") - arrivedBefore).isEqualTo(1.0);
        assertThat(count("cdpbatch.scan.checks")).as("objects looked for by the scan").isEqualTo(scanned);
    }

    @Test
    @Order(2)
    void aRepeatedEventChangesNothingAndIsDeleted() throws SQLException {
        Upload upload = upload(Tenants.create(clients));
        ArrivalQueueServer.send(upload.event());
        Awaitility.await("success").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> Batches.inspect(upload.tenant(), upload.ref()).getString("status.code"), "success"::equals);
        awaitQueueEmpty();
        Row before = row(upload.ref());
        double known = outcome("already-known");

        ArrivalQueueServer.send(upload.event());
        ArrivalQueueServer.send(upload.event());

        awaitQueueEmpty();
        assertThat(outcome("already-known") - known).isEqualTo(2.0);
        assertThat(row(upload.ref())).isEqualTo(before);
        assertThat(before.status()).isEqualTo("success");
    }

    @Test
    @Order(3)
    void anEventOfABatchVerifiedMeanwhileChangesNothing() throws SQLException {
        Upload upload = upload(Tenants.create(clients));
        runner.setPaused(true);
        ArrivalQueueServer.send(upload.event());
        Awaitility.await("file_uploaded").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> Batches.inspect(upload.tenant(), upload.ref()).getString("status.code"),
                        "file_uploaded"::equals);
        awaitQueueEmpty();
        Row before = row(upload.ref());
        double known = outcome("already-known");

        // a late copy of the event, while the batch waits for processing
        ArrivalQueueServer.send(upload.event());

        awaitQueueEmpty();
        assertThat(outcome("already-known") - known).isEqualTo(1.0);
        assertThat(row(upload.ref())).isEqualTo(before);
        assertThat(before.status()).isEqualTo("file_uploaded");
    }

    @Test
    @Order(4)
    void eventsOfNoUploadingBatchOfThisBucketChangeNothingAndAreDeleted() throws SQLException {
        Tenants owner = Tenants.create(clients);
        Tenants other = Tenants.create(clients);
        Upload upload = upload(owner);
        long size = upload.file().length;
        String md5 = TestFiles.md5Hex(upload.file());
        UUID ref = UUID.fromString(upload.ref());
        double unknown = outcome("unknown-batch");
        double otherBucket = outcome("other-bucket");
        double notAnUpload = outcome("not-an-upload");
        double malformed = outcome("malformed");
        double notCreated = outcome("not-created");

        // the batch's ref under another tenant's key
        ArrivalQueueServer.send(ArrivalQueueServer.objectCreated(storage.bucket(), ObjectKeys.upload(other.clientKey(), ref),
                size, md5));
        // a ref the tenant never allocated
        ArrivalQueueServer.send(ArrivalQueueServer.objectCreated(storage.bucket(),
                ObjectKeys.upload(owner.clientKey(), UUID.randomUUID()), size, md5));
        // a tenant that does not exist
        ArrivalQueueServer.send(ArrivalQueueServer.objectCreated(storage.bucket(), ObjectKeys.upload("no-such-client", ref),
                size, md5));
        // the batch's own key, in another bucket
        ArrivalQueueServer.send(ArrivalQueueServer.objectCreated("another-bucket", ObjectKeys.upload(owner.clientKey(), ref),
                size, md5));
        // an object of the batch that is not its upload (the service's own error log)
        ArrivalQueueServer.send(ArrivalQueueServer.objectCreated(storage.bucket(), ObjectKeys.errorLog(owner.clientKey(), ref),
                size, md5));
        // the batch's key, but a removal
        ArrivalQueueServer.send(ArrivalQueueServer.objectCreated(storage.bucket(), ObjectKeys.upload(owner.clientKey(), ref),
                size, md5).replace("ObjectCreated:Put", "ObjectRemoved:Delete"));
        // bodies that are not S3 event notifications
        ArrivalQueueServer.send("not json at all");
        ArrivalQueueServer.send("{\"Records\": \"none\"}");
        ArrivalQueueServer.send("{\"Records\": [{\"eventName\": \"ObjectCreated:Put\"}]}");

        awaitQueueEmpty();
        assertThat(outcome("unknown-batch") - unknown).isEqualTo(3.0);
        assertThat(outcome("other-bucket") - otherBucket).isEqualTo(1.0);
        assertThat(outcome("not-an-upload") - notAnUpload).isEqualTo(1.0);
        assertThat(outcome("not-created") - notCreated).isEqualTo(1.0);
        assertThat(outcome("malformed") - malformed).isEqualTo(3.0);
        Row row = row(upload.ref());
        assertThat(row.status()).isEqualTo("uploading");
        assertThat(row.arrivedAt()).as("arrival of the batch").isNull();
        assertThat(Batches.inspect(owner, upload.ref()).getString("status.code")).isEqualTo("uploading");
    }

    @Test
    @Order(5)
    void whileEventsArriveTheScanLooksInTheStoreOnlyEveryFallbackInterval() {
        Awaitility.await("the queue is read").atMost(Duration.ofSeconds(30)).until(queue::receiving);
        scanner.scanIfDue();

        assertThat(scanner.scanIfDue()).as("a scan within the fallback interval").isEmpty();
        clock.shift(Duration.ofSeconds(30));
        assertThat(scanner.scanIfDue()).as("a scan once the fallback interval passed").isPresent();
        assertThat(scanner.scanIfDue()).isEmpty();
    }

    @Test
    @Order(100)
    void withTheQueueDownTheScanFindsTheUploadAtItsFullRate() {
        ArrivalQueueServer.stopServer();
        Awaitility.await("the queue is seen down").atMost(Duration.ofSeconds(60)).until(() -> !queue.receiving());
        scanner.scanIfDue();
        Upload upload = upload(Tenants.create(clients));

        // no clock moved: every trigger looks in the store again while the queue is down
        assertThat(scanner.scanIfDue()).isPresent();
        Awaitility.await("success").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    scanner.onSchedule();
                    return Batches.inspect(upload.tenant(), upload.ref()).getString("status.code");
                }, "success"::equals);
        assertThat(Batches.inspect(upload.tenant(), upload.ref()).getLong("status.summary.succeededCount")).isEqualTo(2);
    }

    private static void awaitQueueEmpty() {
        Awaitility.await("the queue is empty").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(ArrivalQueueServer::messagesLeft, left -> left == 0);
    }

    private double outcome(String outcome) {
        var counter = registry.find("cdpbatch.arrival.events").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private double count(String name) {
        var counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    /** What the lifecycle keeps of a batch, as the database has it. */
    record Row(String status, Instant arrivedAt, Instant modifiedAt, int attempts) {
    }

    private Row row(String ref) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT status, arrived_at, modified_at, attempts FROM batch WHERE ref = ?")) {
            s.setObject(1, UUID.fromString(ref));
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return new Row(r.getString("status"), Timestamps.instant(r.getObject("arrived_at")),
                        Timestamps.instant(r.getObject("modified_at")), r.getInt("attempts"));
            }
        }
    }
}
