package io.cdpbatch.support;

import io.cdpbatch.devstack.EmbeddedStack;
import io.cdpbatch.storage.ObjectStorage;
import io.cdpbatch.storage.StandaloneStorage;

/**
 * The object store the application writes to, for tests that look at it directly: the application's own
 * {@link ObjectStorage} in-process, else a client of the S3Proxy that {@link EmbeddedStackResource} started in
 * this JVM for the packaged application.
 */
public final class Store {

    private static ObjectStorage standalone;

    private Store() {
    }

    public static ObjectStorage get() {
        return InProcess.bean(ObjectStorage.class).orElseGet(Store::standalone);
    }

    private static synchronized ObjectStorage standalone() {
        if (standalone == null) {
            // the packaged application's default bucket, region and the embedded server's keys
            standalone = StandaloneStorage.create(EmbeddedStack.s3(null), "us-east-1", EmbeddedStack.ACCESS_KEY,
                    EmbeddedStack.SECRET_KEY, "cdp-batch", false);
        }
        return standalone;
    }
}
