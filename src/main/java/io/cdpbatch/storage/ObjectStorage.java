package io.cdpbatch.storage;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The object store: presigned URLs for clients, and the reads and writes of the service itself.
 * Every other package goes through this bean, never through the S3 client.
 */
@ApplicationScoped
public class ObjectStorage {

    private static final Logger LOG = Logger.getLogger(ObjectStorage.class);

    @Inject
    S3Client s3;

    @Inject
    S3Presigner presigner;

    @Inject
    StorageConfig config;

    public String bucket() {
        return config.bucket();
    }

    /** Creates the bucket when configured to and missing. */
    public void ensureBucket() {
        if (bucketExists()) {
            return;
        }
        if (!config.createBucket()) {
            throw new IllegalStateException("Bucket " + config.bucket()
                    + " does not exist; create it or set BATCH_STORAGE_CREATE_BUCKET=true");
        }
        try {
            s3.createBucket(b -> b.bucket(config.bucket()));
            LOG.infof("Bucket %s created", config.bucket());
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException e) {
            // replicas starting together: another one created it between our check and our create
            LOG.infof("Bucket %s was created by another instance", config.bucket());
        }
    }

    /** Whether the bucket answers; throws on a store that cannot be reached. */
    public boolean bucketExists() {
        try {
            s3.headBucket(HeadBucketRequest.builder().bucket(config.bucket()).build());
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * A URL that accepts one PUT of exactly the declared bytes: {@code Content-MD5},
     * {@code Content-Length} and {@code x-amz-server-side-encryption: AES256} are part of the
     * signature, so the store rejects a body of another MD5 or size, and a request without those
     * headers.
     */
    public PresignedUrl presignUpload(String key, String contentMd5Base64, long contentLength, Duration ttl) {
        var presigned = presigner.presignPutObject(p -> p.signatureDuration(ttl)
                .putObjectRequest(o -> o.bucket(config.bucket()).key(key).contentMD5(contentMd5Base64)
                        .contentLength(contentLength).serverSideEncryption(ServerSideEncryption.AES256)));
        return new PresignedUrl(presigned.url().toString(), presigned.expiration());
    }

    /** A URL that downloads the object until it expires. */
    public PresignedUrl presignDownload(String key, Duration ttl) {
        var presigned = presigner.presignGetObject(p -> p.signatureDuration(ttl)
                .getObjectRequest(o -> o.bucket(config.bucket()).key(key)));
        return new PresignedUrl(presigned.url().toString(), presigned.expiration());
    }

    /** The object's metadata, or empty when it is not there (yet). */
    public Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(h -> h.bucket(config.bucket()).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Streams the object; the caller closes the stream. */
    public InputStream open(String key) {
        return s3.getObject(GetObjectRequest.builder().bucket(config.bucket()).key(key).build(),
                ResponseTransformer.toInputStream());
    }

    /** Streams a byte range of the object, from {@code offset} to its end. */
    public InputStream open(String key, long offset) {
        if (offset == 0) {
            return open(key);
        }
        return s3.getObject(GetObjectRequest.builder().bucket(config.bucket()).key(key).range("bytes=" + offset + "-").build(),
                ResponseTransformer.toInputStream());
    }

    public void put(String key, Path file, String contentType) {
        s3.putObject(p -> p.bucket(config.bucket()).key(key).contentType(contentType)
                .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromFile(file));
    }

    public void put(String key, byte[] bytes, String contentType) {
        s3.putObject(p -> p.bucket(config.bucket()).key(key).contentType(contentType)
                .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(bytes));
    }

    /** Deletes the objects (at most 1000 keys); missing ones are ignored. */
    public void delete(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<ObjectIdentifier> ids = keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
        var response = s3
                .deleteObjects(d -> d.bucket(config.bucket()).delete(Delete.builder().objects(ids).quiet(true).build()));
        // A multi-object delete answers 200 even when some keys failed: those are listed as errors.
        var failed = response.errors().stream().filter(e -> !"NoSuchKey".equals(e.code())).toList();
        if (!failed.isEmpty()) {
            throw new IllegalStateException("The store did not delete " + failed.size() + " of " + keys.size()
                    + " objects, first: " + failed.get(0).key() + " (" + failed.get(0).code() + ")");
        }
    }

    /** A presigned URL and the instant it stops working. */
    public record PresignedUrl(String url, java.time.Instant expiry) {
        public URI uri() {
            return URI.create(url);
        }
    }
}
