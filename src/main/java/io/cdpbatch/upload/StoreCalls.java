package io.cdpbatch.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cdpbatch.lifecycle.DependencyUnavailable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Calls to the object store made while working on a batch: a failed call is retried with back-off
 * until the outage tolerance, then the attempt gives its batch back ({@link DependencyUnavailable}).
 */
@ApplicationScoped
public class StoreCalls {

    private static final Logger LOG = Logger.getLogger(StoreCalls.class);

    @Inject
    UploadConfig config;

    private final Counter retries;

    @Inject
    StoreCalls(MeterRegistry registry) {
        retries = Counter.builder("cdpbatch.store.retries").description("Object store calls retried").register(registry);
    }

    /** A call that may fail for a reason worth retrying (an unreachable store). */
    public interface Call<T> {
        T run() throws Exception;
    }

    /** A deadline for the calls of one operation, at the outage tolerance from now. */
    public long deadline() {
        return System.nanoTime() + config.storeOutageTolerance().toNanos();
    }

    /**
     * After a failed call: waits before the next one, or gives up when the deadline passed.
     *
     * @throws DependencyUnavailable past the deadline, or when interrupted
     */
    public void retryOrGiveUp(String what, int attempt, long deadline, Exception failure) {
        if (System.nanoTime() > deadline) {
            throw new DependencyUnavailable("The object store is unreachable: " + failure.getMessage(), failure);
        }
        retries.increment();
        long millis = Math.min(Duration.ofSeconds(5).toMillis(), 100L << Math.min(attempt, 10));
        LOG.debugf("Store call for %s failed (%s), retrying in %d ms", what, failure.getMessage(), millis);
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailable("Interrupted while waiting for the store", interrupted);
        }
    }

    /** Runs the call, retrying any failure until the outage tolerance. */
    public <T> T retrying(String what, Call<T> call) {
        long deadline = deadline();
        for (int attempt = 1;; attempt++) {
            try {
                return call.run();
            } catch (SdkException | IOException | UncheckedIOException e) {
                retryOrGiveUp(what, attempt, deadline, e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
