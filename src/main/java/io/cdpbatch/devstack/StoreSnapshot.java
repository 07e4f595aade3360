package io.cdpbatch.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Dev mode only: keeps the objects of the embedded in-memory S3Proxy across restarts. Only that
 * store accepts the {@code x-amz-server-side-encryption} header clients send (S3Proxy's filesystem
 * stores answer 501), so the objects are copied to a folder every few seconds and when dev mode
 * stops, and put back when it starts: one file per object, at {@code dir/bucket/key}.
 */
final class StoreSnapshot {

    private static final Logger LOG = Logger.getLogger(StoreSnapshot.class);

    private final Path dir;
    private final S3Client s3;
    /** ETag of each saved file, so that a sync only downloads what changed. */
    private final java.util.Map<Path, String> etags = new java.util.concurrent.ConcurrentHashMap<>();

    StoreSnapshot(String endpoint, Path dir) {
        this.dir = dir;
        this.s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider
                        .create(AwsBasicCredentials.create(EmbeddedStack.ACCESS_KEY, EmbeddedStack.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Puts every saved object back into the store; returns how many. */
    int restore() {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int restored = 0;
        try (Stream<Path> buckets = Files.list(dir)) {
            for (Path bucketDir : buckets.filter(Files::isDirectory).toList()) {
                String bucket = bucketDir.getFileName().toString();
                s3.createBucket(b -> b.bucket(bucket));
                try (Stream<Path> files = Files.walk(bucketDir)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        String key = bucketDir.relativize(file).toString().replace('\\', '/');
                        String etag = s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromFile(file)).eTag();
                        etags.put(file.normalize(), etag);
                        restored++;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not restore the dev store from " + dir, e);
        }
        return restored;
    }

    /**
     * Brings the folder up to date with the store: downloads objects that are new or changed (by
     * ETag) and removes files of objects that are gone. Cheap when nothing changed.
     */
    synchronized int sync() {
        int written = 0;
        java.util.Set<Path> present = new java.util.HashSet<>();
        try {
            for (Bucket bucket : s3.listBuckets().buckets()) {
                Path bucketDir = dir.resolve(bucket.name());
                Files.createDirectories(bucketDir);
                present.add(bucketDir);
                for (S3Object object : s3.listObjectsV2Paginator(l -> l.bucket(bucket.name())).contents()) {
                    Path target = bucketDir.resolve(object.key()).normalize();
                    if (!target.startsWith(bucketDir)) {
                        continue;
                    }
                    present.add(target);
                    if (object.eTag().equals(etags.get(target)) && Files.isRegularFile(target)) {
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    Path partial = target.resolveSibling(target.getFileName() + ".partial");
                    try (var in = s3.getObject(g -> g.bucket(bucket.name()).key(object.key()))) {
                        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    etags.put(target, object.eTag());
                    written++;
                }
            }
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        if (!p.equals(dir) && Files.isRegularFile(p) && !present.contains(p)) {
                            Files.delete(p);
                            etags.remove(p);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the dev store to " + dir, e);
        }
        return written;
    }

    /** Keeps the folder in sync every few seconds, and once more when the JVM stops. */
    void keepInSync(Runnable atExit) {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(5000);
                    sync();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.debugf("Embedded S3Proxy: sync to %s failed: %s", dir, e.getMessage());
                }
            }
        }, "embedded-s3proxy-sync");
        thread.setDaemon(true);
        thread.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            thread.interrupt();
            try {
                sync();
            } catch (RuntimeException e) {
                LOG.debugf("Embedded S3Proxy: last sync to %s failed: %s", dir, e.getMessage());
            }
            atExit.run();
        }, "embedded-s3proxy-stop"));
    }

    void close() {
        s3.close();
    }
}
