package io.cdpbatch.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.cdpbatch.pipeline.ChunkApplier;
import io.cdpbatch.pipeline.Failure;
import io.cdpbatch.pipeline.Work;
import io.cdpbatch.records.RecordParser;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Faults put into the real pipeline at known points, for the tests of what a failing attempt
 * becomes: a worker whose chunk throws an {@link Error}, a reader whose record parser throws one, a
 * worker held inside its chunk until the test lets it go.
 */
public final class Faults {

    /** A record with this ref makes its worker's chunk throw {@link OutOfMemoryError}. */
    public static final String WORKER_ERROR = "fault-worker-error";
    /** A record with this ref holds its worker inside the chunk until {@link #release()}. */
    public static final String HOLD = "fault-hold";

    private static volatile CountDownLatch held = new CountDownLatch(1);
    private static volatile CountDownLatch release = new CountDownLatch(1);
    /** While true, the record parser's clock throws {@link OutOfMemoryError} on the reader's thread. */
    public static volatile boolean readerError;

    private Faults() {
    }

    /** Waits until a worker is held at the {@link #HOLD} record. */
    public static void awaitHeld() throws InterruptedException {
        if (!held.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("no worker reached the held record");
        }
    }

    /** Lets the held worker go on; the next hold waits again. */
    public static void release() {
        release.countDown();
    }

    public static void reset() {
        readerError = false;
        held = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    /** Selects the faulty beans (an application of its own: a test profile restarts Quarkus). */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.arc.selected-alternatives",
                    FaultyChunkApplier.class.getName() + "," + FaultyParser.class.getName(),
                    "batch.lifecycle.stall-timeout", "5m");
        }
    }

    /** The real chunk applier, but for the records marked as faults. */
    @Alternative
    @ApplicationScoped
    public static class FaultyChunkApplier extends ChunkApplier {
        @Override
        public List<Failure> apply(Attempt attempt, List<Work> chunk) {
            for (Work work : chunk) {
                if (WORKER_ERROR.equals(work.ref())) {
                    throw new OutOfMemoryError("injected into a worker");
                }
                if (HOLD.equals(work.ref())) {
                    held.countDown();
                    try {
                        release.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            return super.apply(attempt, chunk);
        }
    }

    /** The real record parser, on a clock that throws while {@link #readerError} is set. */
    @Alternative
    public static class FaultyParser {
        @Produces
        @Singleton
        RecordParser recordParser() {
            return new RecordParser(new Clock() {
                @Override
                public Instant instant() {
                    if (readerError) {
                        throw new OutOfMemoryError("injected into the reader");
                    }
                    return Instant.now();
                }

                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }
            });
        }
    }
}
