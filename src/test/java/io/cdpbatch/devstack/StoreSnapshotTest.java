package io.cdpbatch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Dev mode's store keeps its objects across restarts through a folder. */
class StoreSnapshotTest {

    static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider
            .create(AwsBasicCredentials.create(EmbeddedStack.ACCESS_KEY, EmbeddedStack.SECRET_KEY));

    @Test
    void objectsSurviveARestartOfTheStore() throws Exception {
        Path dir = Files.createTempDirectory("snapshot").resolve("s3");
        byte[] upload = TestFiles.gzip("{\"ref\":\"1\"}\n".getBytes(StandardCharsets.UTF_8));

        var first = EmbeddedStack.startS3ProxyProcess(null, EmbeddedStack.freePort());
        try (S3Client s3 = client(first.endpoint())) {
            s3.createBucket(b -> b.bucket("cdp-batch"));
            // a client upload over a presigned URL with the signed SSE header, as in dev mode
            String url = presigner(first.endpoint()).presignPutObject(p -> p.signatureDuration(java.time.Duration.ofMinutes(5))
                    .putObjectRequest(o -> o.bucket("cdp-batch").key("dev-client/r1/import.json.gz")
                            .contentMD5(TestFiles.md5Base64(upload)).serverSideEncryption(ServerSideEncryption.AES256)))
                    .url().toString();
            assertThat(Uploads.put(url, upload).status()).isEqualTo(200);
            s3.putObject(p -> p.bucket("cdp-batch").key("dev-client/r1/errors.json.gz"), RequestBody.fromString("log"));
            s3.putObject(p -> p.bucket("cdp-batch").key("gone"), RequestBody.fromString("x"));
            StoreSnapshot snapshot = new StoreSnapshot(first.endpoint(), dir);
            assertThat(snapshot.sync()).isEqualTo(3);
            assertThat(snapshot.sync()).as("nothing changed, nothing downloaded").isZero();
            s3.deleteObject(d -> d.bucket("cdp-batch").key("gone"));
            assertThat(snapshot.sync()).isZero();
            snapshot.close();
        } finally {
            first.stop();
        }
        assertThat(dir.resolve("cdp-batch/dev-client/r1/import.json.gz")).hasBinaryContent(upload);
        assertThat(dir.resolve("cdp-batch/gone")).doesNotExist();

        var second = EmbeddedStack.startS3ProxyProcess(null, EmbeddedStack.freePort());
        try (S3Client s3 = client(second.endpoint())) {
            StoreSnapshot snapshot = new StoreSnapshot(second.endpoint(), dir);
            assertThat(snapshot.restore()).isEqualTo(2);
            assertThat(s3.getObjectAsBytes(g -> g.bucket("cdp-batch").key("dev-client/r1/import.json.gz")).asByteArray())
                    .isEqualTo(upload);
            assertThat(s3.getObjectAsBytes(g -> g.bucket("cdp-batch").key("dev-client/r1/errors.json.gz")).asUtf8String())
                    .isEqualTo("log");
            assertThat(snapshot.sync()).as("restored objects are known").isZero();
            snapshot.close();
        } finally {
            second.stop();
        }
    }

    static S3Client client(String endpoint) {
        return S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static S3Presigner presigner(String endpoint) {
        return S3Presigner.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }
}
