package io.cdpbatch.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;

/**
 * The presigned upload of an allocation against LocalStack's S3, closer to AWS than S3Proxy: the
 * store must accept the documented client PUT and reject a wrong MD5 and missing signed headers.
 * Needs a Docker engine; skipped without one.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackUploadTest {

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
            .withServices("s3");

    @Test
    void allocatedUrlAcceptsTheDocumentedUploadOnly() throws IOException {
        ObjectStorage storage = StandaloneStorage.create(LOCALSTACK.getEndpoint().toString(), LOCALSTACK.getRegion(),
                LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey(), "cdp-batch", true);
        storage.ensureBucket();
        byte[] file = TestFiles.ndjsonGz(List.of(
                "{\"ref\":\"1\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"email\":\"a@example.com\"}}"));
        String key = ObjectKeys.upload("tenant-a", UUID.randomUUID());
        String url = storage.presignUpload(key, TestFiles.md5Base64(file), file.length, Duration.ofHours(1)).url();

        // the same length, other bytes: the store checks the MD5
        byte[] other = file.clone();
        other[other.length - 1] ^= 1;
        Uploads.Answer lyingMd5 = Uploads.put(url, other, TestFiles.md5Base64(file), true);
        assertThat(lyingMd5.status()).isEqualTo(400);
        assertThat(lyingMd5.body()).contains("BadDigest");
        assertThat(Uploads.put(url, file, null, true).status()).isEqualTo(403);
        assertThat(Uploads.put(url, file, TestFiles.md5Base64(file), false).status()).isEqualTo(403);
        // another length, sent with its own correct MD5: the length is part of the signature
        byte[] longer = TestFiles.ndjsonGz(List.of("{\"ref\":\"1\"}", "{\"ref\":\"2\"}", "{\"ref\":\"3\"}"));
        assertThat(longer.length).isNotEqualTo(file.length);
        assertThat(Uploads.put(url, longer, TestFiles.md5Base64(longer), true).status()).isIn(400, 403);
        assertThat(storage.head(key)).isEmpty();

        assertThat(Uploads.put(url, file).status()).isEqualTo(200);
        try (InputStream stored = storage.open(key)) {
            assertThat(stored.readAllBytes()).isEqualTo(file);
        }
    }
}
