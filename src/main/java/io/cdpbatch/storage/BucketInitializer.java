package io.cdpbatch.storage;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.StartupEvent;

/** Checks the bucket at start-up, and creates it when configured to. */
public class BucketInitializer {

    @Inject
    ObjectStorage storage;

    void onStart(@Observes StartupEvent event) {
        storage.ensureBucket();
    }
}
