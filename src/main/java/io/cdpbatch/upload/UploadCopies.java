package io.cdpbatch.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cdpbatch.lifecycle.BatchLifecycle;
import io.cdpbatch.lifecycle.Claim;
import io.cdpbatch.storage.ObjectKeys;
import io.cdpbatch.storage.ObjectStorage;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Local copies of uploads: downloaded with their size and MD5 computed from the bytes (never
 * trusting an ETag), checked against what was declared at allocation (the one check, for
 * verification and for processing alike), and kept between verification and processing on this
 * instance within a bound in bytes.
 *
 * <p>
 * Each instance works in a directory of its own, marked by a lock it holds while it runs; at start
 * it removes the directories of instances that are gone (their lock is free), and copies kept for
 * batches another instance processed or retention removed are deleted by {@link #sweep()}.
 */
@ApplicationScoped
public class UploadCopies {

    private static final Logger LOG = Logger.getLogger(UploadCopies.class);
    private static final String PREFIX = "cdp-batch-work";
    private static final String LOCK = ".lock";

    @Inject
    ObjectStorage storage;

    @Inject
    UploadConfig config;

    @Inject
    StoreCalls store;

    @Inject
    BatchLifecycle lifecycle;

    private Path dir;
    private FileChannel lockChannel;
    private FileLock lock;
    private final Map<Long, Kept> kept = new ConcurrentHashMap<>();

    /** A downloaded object: where it is, how many bytes it has and the MD5 of those bytes. */
    public record Download(Path file, long size, String md5Hex) {
    }

    private record Kept(Path file, long size) {
    }

    /** The local copy of a batch's upload, ready to read, or why there is none. */
    public sealed interface Local {
    }

    /** A copy whose size and MD5 are those declared; the caller owns the file. */
    public record Verified(Path file) implements Local {
    }

    /** No usable copy: the object is gone or changed since it was verified. */
    public record Unusable(String reason) implements Local {
    }

    @PostConstruct
    void init() {
        try {
            Path base = config.workDir().map(Path::of).orElse(Path.of(System.getProperty("java.io.tmpdir")));
            Files.createDirectories(base);
            removeAbandoned(base);
            dir = Files.createTempDirectory(base, PREFIX);
            lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the work directory", e);
        }
    }

    @PreDestroy
    void close() {
        kept.values().forEach(k -> delete(k.file()));
        kept.clear();
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
            deleteTree(dir);
        } catch (IOException e) {
            LOG.debugf("Work directory %s not removed: %s", dir, e.getMessage());
        }
    }

    /** The directory of this instance. */
    public Path dir() {
        return dir;
    }

    /**
     * Downloads the batch's upload; empty when the object is not in the store.
     *
     * @throws io.cdpbatch.lifecycle.DependencyUnavailable when the store stays unreachable past the tolerance
     */
    public Optional<Download> download(Claim claim) {
        String key = ObjectKeys.upload(claim.tenant().clientKey(), claim.ref());
        long deadline = store.deadline();
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
                store.retryOrGiveUp(key, attempt, deadline, e);
            } catch (SdkException | IOException e) {
                delete(file);
                store.retryOrGiveUp(key, attempt, deadline, e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The one check of an upload: null when its size and MD5 are those declared, else what differs. */
    public static String mismatch(Download download, Claim claim) {
        if (download.size() != claim.size()) {
            return "The size differs: declared " + claim.size() + " bytes, the object has " + download.size() + " bytes";
        }
        if (!download.md5Hex().equals(claim.checksum())) {
            return "The MD5 differs: declared " + claim.checksum() + ", the object's bytes have " + download.md5Hex();
        }
        return null;
    }

    /**
     * Keeps a verified copy for the processing that follows on this instance, within
     * {@link UploadConfig#maxKeptSize()}; past it the copy is deleted (processing downloads again).
     */
    public void keep(long batchId, Path file, long size) {
        long total = kept.values().stream().mapToLong(Kept::size).sum();
        if (total + size > config.maxKeptSize().asLongValue()) {
            delete(file);
            return;
        }
        Kept previous = kept.put(batchId, new Kept(file, size));
        if (previous != null && !previous.file().equals(file)) {
            delete(previous.file());
        }
    }

    /**
     * The verified copy of the claimed batch: the one this instance kept, or a new download checked
     * again (it was verified by another instance, or before a restart).
     */
    public Local take(Claim claim) {
        Kept copy = kept.remove(claim.id());
        if (copy != null && Files.isRegularFile(copy.file())) {
            return new Verified(copy.file());
        }
        Download download = download(claim).orElse(null);
        if (download == null) {
            return new Unusable("The uploaded object is no longer in the store");
        }
        if (mismatch(download, claim) != null) {
            delete(download.file());
            return new Unusable("The object changed after it was verified: it now has " + download.size()
                    + " bytes and MD5 " + download.md5Hex());
        }
        return new Verified(download.file());
    }

    /** Deletes the kept copies of batches that no longer wait for processing (processed elsewhere, removed). */
    public void sweep() {
        if (kept.isEmpty()) {
            return;
        }
        Set<Long> waiting = lifecycle.waitingForProcessing(Set.copyOf(kept.keySet()));
        kept.forEach((id, copy) -> {
            if (!waiting.contains(id) && kept.remove(id, copy)) {
                delete(copy.file());
            }
        });
    }

    /** The bytes of the copies kept now. */
    public long keptBytes() {
        return kept.values().stream().mapToLong(Kept::size).sum();
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

    /** Removes the work directories of instances that are gone: their lock is free. */
    static void removeAbandoned(Path base) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, PREFIX + "*")) {
            for (Path candidate : dirs) {
                if (Files.isDirectory(candidate) && abandoned(candidate)) {
                    LOG.infof("Removing the work directory %s of an instance that is gone", candidate);
                    deleteTree(candidate);
                }
            }
        }
    }

    private static boolean abandoned(Path candidate) {
        Path lockFile = candidate.resolve(LOCK);
        if (!Files.exists(lockFile)) {
            // an instance that has just created its directory and not yet its lock, or one that never
            // got to lock it: only the latter is old
            try {
                return Files.getLastModifiedTime(candidate).toInstant().isBefore(java.time.Instant.now().minusSeconds(600));
            } catch (IOException e) {
                return false;
            }
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return false;
            }
            probe.release();
            return true;
        } catch (OverlappingFileLockException e) {
            // held by this JVM: another application instance in the same process (tests)
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
