package io.cdpbatch.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cdpbatch.devstack.EmbeddedStack;

/**
 * The bucket check at start-up, against a real S3Proxy: a missing bucket that may not be created
 * stops the start; an unreachable store does not.
 */
class BucketInitializerTest {

    @Test
    void missingBucketWithoutCreateStopsTheStart() {
        String bucket = "missing-" + UUID.randomUUID();
        BucketInitializer initializer = initializer(EmbeddedStack.s3(null), bucket, false);

        assertThatThrownBy(initializer::check).isInstanceOf(IllegalStateException.class)
                .hasMessage("Bucket " + bucket + " does not exist; create it or set BATCH_STORAGE_CREATE_BUCKET=true");
        assertThat(initializer.storage.bucketExists()).isFalse();
    }

    @Test
    void missingBucketIsCreatedWhenConfiguredTo() {
        String bucket = "created-" + UUID.randomUUID();
        BucketInitializer initializer = initializer(EmbeddedStack.s3(null), bucket, true);

        initializer.check();
        assertThat(initializer.storage.bucketExists()).isTrue();
        // A second start finds it.
        initializer(EmbeddedStack.s3(null), bucket, false).check();
    }

    @Test
    void unreachableStoreDoesNotStopTheStart() {
        BucketInitializer initializer = initializer("http://127.0.0.1:" + EmbeddedStack.freePort(), "any", false);

        initializer.check();
    }

    private static BucketInitializer initializer(String endpoint, String bucket, boolean create) {
        BucketInitializer initializer = new BucketInitializer();
        initializer.storage = StandaloneStorage.create(endpoint, "us-east-1", EmbeddedStack.ACCESS_KEY,
                EmbeddedStack.SECRET_KEY, bucket, create);
        return initializer;
    }
}
