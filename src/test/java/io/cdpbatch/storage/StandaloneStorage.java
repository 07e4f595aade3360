package io.cdpbatch.storage;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** An {@link ObjectStorage} wired by hand against any S3 endpoint, for tests outside Quarkus. */
public final class StandaloneStorage {

    private StandaloneStorage() {
    }

    public static ObjectStorage create(String endpoint, String region, String accessKey, String secretKey, String bucket,
            boolean createBucket) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        ObjectStorage storage = new ObjectStorage();
        storage.s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.of(region))
                .forcePathStyle(true).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())).build();
        storage.presigner = S3Presigner.builder().endpointOverride(URI.create(endpoint)).region(Region.of(region))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
        storage.config = new StorageConfig() {
            @Override
            public String bucket() {
                return bucket;
            }

            @Override
            public boolean createBucket() {
                return createBucket;
            }
        };
        return storage;
    }
}
