package io.cdpbatch.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdpbatch.support.ArrivalQueueServer;

/** The bodies a queue of S3 event notifications receives, read as the consumer reads them. */
class S3EventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID REF = UUID.fromString("6f0d2a59-3c1b-4a8e-9d2f-0b7c5e4a1d23");

    @Test
    void anS3EventRecordGivesTheBucketTheDecodedKeySizeAndETag() throws Exception {
        String body = ArrivalQueueServer.objectCreated("uploads", "client.a_1/" + REF + "/import.json.gz", 1234,
                "0123456789abcdef0123456789abcdef");

        List<S3Events.ObjectEvent> events = S3Events.parse(JSON, body);

        assertThat(events).containsExactly(new S3Events.ObjectEvent("ObjectCreated:Put", "uploads",
                "client.a_1/" + REF + "/import.json.gz", 1234, "0123456789abcdef0123456789abcdef"));
        assertThat(events.get(0).created()).isTrue();
    }

    @Test
    void keysArriveUrlEncoded() throws Exception {
        String body = "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},"
                + "\"object\":{\"key\":\"a+b%2Bc/x%3Dy\",\"size\":5}}}]}";

        assertThat(S3Events.parse(JSON, body)).extracting(S3Events.ObjectEvent::key).containsExactly("a b+c/x=y");
    }

    @Test
    void anEventWrappedInAnSnsNotificationIsUnwrapped() throws Exception {
        String event = ArrivalQueueServer.objectCreated("uploads", "c/" + REF + "/import.json.gz", 10, "e");
        String body = JSON.writeValueAsString(java.util.Map.of("Type", "Notification", "MessageId", "m-1",
                "TopicArn", "arn:aws:sns:us-east-1:123456789012:uploads", "Message", event));

        assertThat(S3Events.parse(JSON, body)).extracting(S3Events.ObjectEvent::bucket, S3Events.ObjectEvent::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("uploads", "c/" + REF + "/import.json.gz"));
    }

    @Test
    void minioEventNamesCarryAnS3Prefix() throws Exception {
        String body = "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"uploads/c/x\",\"Records\":[{\"eventVersion\":\"2.0\","
                + "\"eventSource\":\"minio:s3\",\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"uploads\"},"
                + "\"object\":{\"key\":\"c%2F" + REF + "%2Fimport.json.gz\",\"size\":10,\"eTag\":\"e\"}}}]}";

        List<S3Events.ObjectEvent> events = S3Events.parse(JSON, body);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.created()).isTrue();
            assertThat(e.key()).isEqualTo("c/" + REF + "/import.json.gz");
        });
    }

    @Test
    void theStoresTestEventHasNoRecords() throws Exception {
        String body = "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-12-01T10:00:00.000Z\","
                + "\"Bucket\":\"uploads\",\"RequestId\":\"5582815E1AEA5ADF\",\"HostId\":\"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE\"}";

        assertThat(S3Events.parse(JSON, body)).isEmpty();
    }

    @Test
    void otherBodiesAreMalformed() {
        for (String body : List.of("", "not json", "[1,2]", "{\"Records\":{}}", "{\"Type\":\"Notification\",\"Message\":\"x\"}",
                "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"}}}]}")) {
            assertThatThrownBy(() -> S3Events.parse(JSON, body)).as(body).isInstanceOf(S3Events.Malformed.class);
        }
    }

    @Test
    void onlyTheKeyThisServicePresignsNamesAnUpload() {
        assertThat(S3Events.uploadKey("client-1/" + REF + "/import.json.gz"))
                .contains(new S3Events.UploadKey("client-1", REF));
        assertThat(S3Events.uploadKey("client-1/" + REF + "/errors.json.gz")).isEmpty();
        assertThat(S3Events.uploadKey("client-1/" + REF.toString().toUpperCase() + "/import.json.gz")).isEmpty();
        assertThat(S3Events.uploadKey("client-1/not-a-uuid/import.json.gz")).isEmpty();
        assertThat(S3Events.uploadKey("a/client-1/" + REF + "/import.json.gz")).isEmpty();
        assertThat(S3Events.uploadKey("/" + REF + "/import.json.gz")).isEqualTo(Optional.empty());
    }

    @Test
    void theRegionOfAnAwsQueueUrl() {
        assertThat(ArrivalQueue.regionOf("https://sqs.eu-west-1.amazonaws.com/123456789012/uploads")).contains("eu-west-1");
        assertThat(ArrivalQueue.regionOf("http://127.0.0.1:9324/000000000000/uploads")).isEmpty();
    }
}
