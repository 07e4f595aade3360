package io.cdpbatch.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cdpbatch.intake.Claim;
import io.cdpbatch.storage.ObjectKeys;
import io.cdpbatch.storage.ObjectStorage;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Local copies of uploaded files: downloaded once, with their size and MD5 computed from the bytes
 * (never trusting an ETag), kept between verification and processing on this instance. An
 * unreachable store is retried with back-off for the configured tolerance.
 */
@ApplicationScoped
public class WorkFiles {

    private static final Logger LOG = Logger.getLogger(WorkFiles.class);

    @Inject
    ObjectStorage storage;

    @Inject
    PipelineConfig config;

    @Inject
    PipelineMetrics metrics;

    private Path dir;
    private final Map<Long, Path> verified = new ConcurrentHashMap<>();

    /** A downloaded object: where it is, how many bytes it has and the MD5 of those bytes. */
    public record Download(Path file, long size, String md5Hex) {
    }

    @PostConstruct
    void init() {
        try {
            Path base = config.workDir().map(Path::of).orElse(Path.of(System.getProperty("java.io.tmpdir")));
            Files.createDirectories(base);
            dir = Files.createTempDirectory(base, "cdp-batch-work");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the work directory", e);
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * Downloads the batch's upload; empty when the object is not in the store.
     *
     * @throws StoreUnavailableException when the store stays unreachable past the tolerance
     */
    public Optional<Download> download(Claim claim) {
        String key = ObjectKeys.upload(claim.tenant().clientKey(), claim.ref());
        long deadline = System.nanoTime() + config.storeOutageTolerance().toNanos();
        for (int attempt = 1;; attempt++) {
            Path file = null;
            try {
                file = Files.createTempFile(dir, claim.id() + "-", ".gz");
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                long size;
                InputStream body = storage.open(key);
                try (InputStream in = new DigestInputStream(body, md5); OutputStream out = Files.newOutputStream(file)) {
                    size = in.transferTo(out);
                }
                Long announced = body instanceof ResponseInputStream<?> response
                        && response.response() instanceof GetObjectResponse get ? get.contentLength() : null;
                if (announced != null && announced != size) {
                    // the connection ended early (the store went away mid-download): not a verdict on the file
                    throw new IOException("The download ended after " + size + " of " + announced + " bytes");
                }
                return Optional.of(new Download(file, size, HexFormat.of().formatHex(md5.digest())));
            } catch (NoSuchKeyException e) {
                delete(file);
                return Optional.empty();
            } catch (S3Exception e) {
                delete(file);
                if (e.statusCode() == 404) {
                    return Optional.empty();
                }
                retryOrGiveUp(key, attempt, deadline, e);
            } catch (SdkException | IOException e) {
                delete(file);
                retryOrGiveUp(key, attempt, deadline, e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Keeps a verified copy for the processing that follows on this instance. */
    public void keep(long batchId, Path file) {
        Path previous = verified.put(batchId, file);
        if (previous != null && !previous.equals(file)) {
            delete(previous);
        }
    }

    /** The verified copy kept by this instance, if any; the caller owns it from now on. */
    public Optional<Path> take(long batchId) {
        return Optional.ofNullable(verified.remove(batchId)).filter(Files::isRegularFile);
    }

    public static void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("Could not delete %s", file);
        }
    }

    void retryOrGiveUp(String what, int attempt, long deadline, Exception e) {
        if (System.nanoTime() > deadline) {
            throw new StoreUnavailableException("The object store is unreachable: " + e.getMessage(), e);
        }
        metrics.storeRetry();
        long millis = Math.min(Duration.ofSeconds(5).toMillis(), 100L << Math.min(attempt, 10));
        LOG.debugf("Store call for %s failed (%s), retrying in %d ms", what, e.getMessage(), millis);
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("Interrupted while waiting for the store", interrupted);
        }
    }
}
