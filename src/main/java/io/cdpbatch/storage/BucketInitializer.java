package io.cdpbatch.storage;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Checks the bucket at start-up, and creates it when configured to. A missing bucket that may not
 * be created stops the start (a configuration error); a store that cannot be reached right now
 * does not, since it may come back: the service starts and its readiness reports the store.
 */
public class BucketInitializer {

    private static final Logger LOG = Logger.getLogger(BucketInitializer.class);

    @Inject
    ObjectStorage storage;

    void onStart(@Observes StartupEvent event) {
        check();
    }

    void check() {
        try {
            storage.ensureBucket();
        } catch (SdkClientException e) {
            LOG.warnf("The object store could not be reached to check bucket %s (%s); starting anyway, "
                    + "readiness reports the store until it answers", storage.bucket(), e.getMessage());
        } catch (S3Exception e) {
            if (e.statusCode() < 500) {
                throw e;
            }
            LOG.warnf("The object store answered %d while checking bucket %s; starting anyway, "
                    + "readiness reports the store until it answers", e.statusCode(), storage.bucket());
        }
    }
}
