package io.cdpbatch.batch;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.cdpbatch.auth.Tenant;
import io.cdpbatch.batch.BatchViews.BatchView;
import io.cdpbatch.batch.BatchViews.LocationView;
import io.cdpbatch.batch.BatchViews.ProgressView;
import io.cdpbatch.batch.BatchViews.StatusView;
import io.cdpbatch.batch.BatchViews.SummaryView;
import io.cdpbatch.common.BatchTracing;
import io.cdpbatch.common.Timestamps;
import io.cdpbatch.error.ApiException;
import io.cdpbatch.lifecycle.BatchStatus;
import io.cdpbatch.lifecycle.ErrorGroup;
import io.cdpbatch.lifecycle.RetentionConfig;
import io.cdpbatch.storage.ObjectKeys;
import io.cdpbatch.storage.ObjectStorage;
import io.cdpbatch.storage.ObjectStorage.PresignedUrl;

/** Allocation, status and listing of a tenant's batches. */
@ApplicationScoped
public class BatchService {

    private static final Logger LOG = Logger.getLogger(BatchService.class);

    @Inject
    BatchRepository batches;

    @Inject
    ObjectStorage storage;

    @Inject
    BatchConfig config;

    @Inject
    RetentionConfig retention;

    @Inject
    TerminalBatches terminal;

    @Inject
    Clock clock;

    @Inject
    BatchCallbackRegistry callbacks;

    @Inject
    ObjectMapper json;

    @Inject
    BatchTracing tracing;

    private static final TypeReference<List<ErrorGroup>> ERRORS = new TypeReference<>() {
    };

    /** Presigned download URLs by object key, reused for a quarter of their validity. */
    private Cache<String, SignedUrl> signedDownloads;

    /** A presigned download URL and when it was signed. */
    record SignedUrl(String url, Instant signedAt) {
    }

    @PostConstruct
    void init() {
        signedDownloads = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(urlReuse())
                .build();
    }

    /**
     * The outcome of an allocation: a new batch (201) or a renewed upload URL (200), the newest
     * earlier successful batch of the tenant with the same file, if any, and the signing secret of a
     * new batch's callbackUrl (shown once).
     */
    public record Allocation(Batch batch, boolean created, PresignedUrl upload, UUID duplicateOf, String callbackSecret) {
    }

    @Transactional
    public Allocation allocate(Tenant tenant, UUID ref, AllocateRequest request) {
        tracing.describeCurrent(tenant.clientKey(), ref);
        Instant now = Timestamps.truncate(clock.instant());
        Instant expires = now.plus(config.uploadUrlTtl());
        if (request.callbackUrl() != null) {
            callbacks.requireEnabled();
        }
        var existing = batches.findByRef(tenant.id(), ref);
        if (existing.isEmpty()) {
            batches.lockAllocations(tenant.id());
            long uploading = batches.countUploading(tenant.id(), now);
            if (uploading >= config.maxUploadingPerTenant()) {
                throw ApiException.tooManyRequests("Too many batches waiting for their upload",
                        "This client has " + uploading + " batches in uploading, the limit is "
                                + config.maxUploadingPerTenant() + ": upload their files or wait for their URLs to expire");
            }
            if (request.callbackUrl() != null) {
                callbacks.requireRoom(tenant.id());
            }
            if (batches.insertIfAbsent(tenant.id(), ref, request.checksum(), request.size(), request.dryRun(), now, expires,
                    tracing.currentTraceparent())) {
                Batch batch = batches.findByRef(tenant.id(), ref).orElseThrow();
                UUID duplicateOf = duplicateOf(tenant, batch, now);
                LOG.infof("Batch %s allocated by %s: %d bytes%s%s", ref, tenant.clientKey(), request.size(),
                        request.dryRun() ? ", dry run" : "", duplicateOf == null ? "" : ", same file as batch " + duplicateOf);
                String callbackSecret = request.callbackUrl() == null ? null
                        : callbacks.register(batch.id, ref, request.callbackUrl());
                return new Allocation(batch, true, presignUpload(tenant, batch), duplicateOf, callbackSecret);
            }
            existing = batches.findByRef(tenant.id(), ref);
        }
        Batch batch = existing.orElseThrow();
        if (!batch.checksum.equals(request.checksum()) || batch.size != request.size()) {
            throw ApiException.conflict("Batch already exists with another checksum or size",
                    "Batch " + ref + " was allocated with checksum " + batch.checksum + " and size " + batch.size
                            + "; a batch's file cannot change: allocate a new ref");
        }
        if (batch.dryRun != request.dryRun()) {
            throw ApiException.conflict("Batch already exists with another dryRun",
                    "Batch " + ref + " was allocated with dryRun " + batch.dryRun + ", this request has dryRun "
                            + request.dryRun() + "; whether a batch is a dry run cannot change: allocate a new ref");
        }
        String callbackUrl = callbacks.urlOf(batch.id).orElse(null);
        if (!java.util.Objects.equals(callbackUrl, request.callbackUrl())) {
            throw ApiException.conflict("Batch already exists with another callbackUrl",
                    "Batch " + ref + " was allocated "
                            + (callbackUrl == null ? "without a callbackUrl" : "with another callbackUrl")
                            + "; repeat the allocation with the same body, or allocate a new ref");
        }
        if (batch.status != BatchStatus.UPLOADING) {
            throw ApiException.conflict("Batch is no longer uploading",
                    "Batch " + ref + " is " + batch.status.code() + "; only a batch in uploading gets a new upload URL");
        }
        batch.uploadExpiresAt = expires;
        return new Allocation(batch, false, presignUpload(tenant, batch), duplicateOf(tenant, batch, now), null);
    }

    /** The newest successful real batch of the tenant with the same file, within the retention window. */
    private UUID duplicateOf(Tenant tenant, Batch batch, Instant now) {
        return batches.findDuplicate(tenant.id(), batch.ref, batch.checksum, batch.size, now.minus(retention.period()))
                .orElse(null);
    }

    /**
     * The tenant's batch, for reading only: a terminal batch may come from {@link TerminalBatches}
     * (it never changes again), any other from the database.
     */
    public Batch find(Tenant tenant, UUID ref) {
        Batch cached = terminal.get(tenant.id(), ref);
        if (cached != null) {
            return cached;
        }
        Batch batch = batches.findByRef(tenant.id(), ref).orElseThrow(() -> ApiException.notFound("Batch not found"));
        terminal.offer(batch);
        return batch;
    }

    /**
     * The status body. The plain route reports {@code file_uploaded} as {@code processing}; the
     * inspect route shows every status as it is.
     */
    public BatchView view(Tenant tenant, Batch batch, URI baseUri, boolean inspect, PresignedUrl upload) {
        return view(tenant, batch, baseUri, inspect, upload, null);
    }

    /**
     * As above; {@code duplicateOf} (only known at allocation) is shown when not null. {@code dryRun}
     * is shown only when true, so that a client of the original API sees nothing new on normal batches.
     */
    public BatchView view(Tenant tenant, Batch batch, URI baseUri, boolean inspect, PresignedUrl upload, UUID duplicateOf) {
        BatchStatus shown = !inspect && batch.status == BatchStatus.FILE_UPLOADED ? BatchStatus.PROCESSING : batch.status;
        LocationView location = null;
        if (batch.status == BatchStatus.UPLOADING) {
            PresignedUrl url = upload != null ? upload : presignUpload(tenant, batch);
            if (url != null) {
                location = new LocationView(url.url(), Timestamps.format(batch.uploadExpiresAt));
            }
        }
        StatusView status = new StatusView(shown.code(), logUrl(tenant, batch), failedRecordsUrl(tenant, batch),
                summary(batch, errors(batch)), batch.message, progress(batch));
        return new BatchView(href(baseUri, batch.ref), batch.ref.toString(), batch.checksum, batch.size, location, status,
                Timestamps.format(batch.createdAt), Timestamps.format(batch.modifiedAt), dryRunField(batch),
                duplicateOf == null ? null : duplicateOf.toString());
    }

    /** {@code true} for a dry run, absent (null) otherwise. */
    static Boolean dryRunField(Batch batch) {
        return batch.dryRun ? Boolean.TRUE : null;
    }

    public static String href(URI baseUri, UUID ref) {
        return baseUri.resolve("v2/batches/" + ref).toString();
    }

    /**
     * A presigned GET of the error log, when the batch has one. A URL is signed once and handed out for
     * a quarter of its validity ({@link #signedDownload}).
     */
    public String logUrl(Tenant tenant, Batch batch) {
        SignedUrl signed = logDownload(tenant, batch);
        return signed == null ? null : signed.url();
    }

    SignedUrl logDownload(Tenant tenant, Batch batch) {
        if (!batch.hasLog) {
            return null;
        }
        return signedDownload(ObjectKeys.errorLog(tenant.clientKey(), batch.ref));
    }

    /**
     * A presigned GET of the failed records' original lines, when the batch has them (never without its
     * log: a new processing attempt clears both).
     */
    public String failedRecordsUrl(Tenant tenant, Batch batch) {
        SignedUrl signed = failedRecordsDownload(tenant, batch);
        return signed == null ? null : signed.url();
    }

    SignedUrl failedRecordsDownload(Tenant tenant, Batch batch) {
        if (!batch.hasLog || !batch.hasFailedRecords) {
            return null;
        }
        return signedDownload(ObjectKeys.failedRecords(tenant.clientKey(), batch.ref));
    }

    /**
     * A presigned GET of this object: signing costs more than the rest of a status answer, and clients
     * poll statuses and lists, so a URL is reused for a quarter of its validity. Every URL handed out is
     * valid for at least three quarters of {@code batch.api.log-url-ttl}. A URL names the object, not its
     * content, so a log written again by a later attempt is read through the same URL.
     */
    private SignedUrl signedDownload(String key) {
        return signedDownloads.get(key,
                k -> new SignedUrl(storage.presignDownload(k, config.logUrlTtl()).url(), clock.instant()));
    }

    /** How long a presigned download URL is handed out after it was signed: a quarter of its validity. */
    Duration urlReuse() {
        return config.logUrlTtl().dividedBy(4);
    }

    /**
     * The error summary stored when the batch ended with failures; null on a clean batch and while
     * a batch is processed (it is computed once, at the end, from the whole error log).
     */
    public List<ErrorGroup> errors(Batch batch) {
        if (batch.errorSummary == null || !batch.status.terminal()) {
            return null;
        }
        try {
            return json.readValue(batch.errorSummary, ERRORS);
        } catch (JsonProcessingException e) {
            LOG.warnf("Batch %s: unreadable error summary left out: %s", batch.ref, e.getOriginalMessage());
            return null;
        }
    }

    /**
     * How far a batch in processing has got: the share of its gzipped bytes consumed, and the time
     * left at the rate so far, once at least 1% of the file and a second of work are behind it.
     */
    public static ProgressView progress(Batch batch) {
        if (batch.status != BatchStatus.PROCESSING || batch.size <= 0) {
            return null;
        }
        double fraction = Math.min(1.0, (double) batch.bytesRead / batch.size);
        long elapsed = batch.timeToProcessMs == null ? 0 : batch.timeToProcessMs;
        Long remaining = fraction >= 0.01 && elapsed >= 1000 ? Math.round(elapsed * (1 - fraction) / fraction) : null;
        return new ProgressView(batch.bytesRead, Math.floor(fraction * 10_000) / 10_000, remaining);
    }

    static SummaryView summary(Batch batch, List<ErrorGroup> errors) {
        if (batch.totalCount == null) {
            return null;
        }
        return new SummaryView(batch.timeToProcessMs == null ? 0 : batch.timeToProcessMs, batch.totalCount,
                batch.succeededCount == null ? 0 : batch.succeededCount, batch.failedCount == null ? 0 : batch.failedCount,
                errors);
    }

    /** Signs the upload for the time the batch's URL has left; none once it expired. */
    private PresignedUrl presignUpload(Tenant tenant, Batch batch) {
        Duration left = Duration.between(clock.instant(), batch.uploadExpiresAt);
        if (left.isNegative() || left.isZero()) {
            return null;
        }
        String md5 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(batch.checksum));
        return storage.presignUpload(ObjectKeys.upload(tenant.clientKey(), batch.ref), md5, batch.size, left);
    }

    static String escapeLike(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
