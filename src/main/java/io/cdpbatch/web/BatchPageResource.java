package io.cdpbatch.web;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import io.cdpbatch.batch.Batch;
import io.cdpbatch.batch.BatchListing;
import io.cdpbatch.batch.BatchQuery;
import io.cdpbatch.batch.BatchRefs;
import io.cdpbatch.batch.BatchService;
import io.cdpbatch.batch.BatchViews.BatchListItem;
import io.cdpbatch.batch.BatchViews.SummaryView;
import io.cdpbatch.common.Timestamps;
import io.cdpbatch.error.ApiException;
import io.cdpbatch.lifecycle.BatchStatus;
import io.cdpbatch.lifecycle.ErrorGroup;
import io.cdpbatch.lifecycle.RetentionConfig;
import io.cdpbatch.storage.ObjectKeys;
import io.cdpbatch.storage.ObjectStorage;
import io.cdpbatch.web.WebLinks.ListState;
import io.cdpbatch.web.WebViews.DetailPage;
import io.cdpbatch.web.WebViews.ErrorRow;
import io.cdpbatch.web.WebViews.ErrorSample;
import io.cdpbatch.web.WebViews.Frame;
import io.cdpbatch.web.WebViews.ListPage;
import io.cdpbatch.web.WebViews.LiveProgress;
import io.cdpbatch.web.WebViews.Progress;
import io.cdpbatch.web.WebViews.Row;
import io.cdpbatch.web.WebViews.StatusOption;
import io.quarkus.qute.TemplateInstance;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The "Developer center > Batch uploads" page of the signed-in tenant: list, details, error-log
 * download and the live progress the page polls. Every lookup goes through {@link BatchService} (lists through
 * {@link BatchListing})
 * with the session's tenant, so another tenant's batch is as unknown as a ref never allocated.
 */
@Path("/ui/batches")
@WebPage
@RequiresWebSession
public class BatchPageResource {

    /** At most this many batches per page, whatever the URL asks. */
    static final int MAX_PAGE_SIZE = 100;

    @Inject
    BatchService batches;

    @Inject
    BatchListing listing;

    @Inject
    RetentionConfig retention;

    @Inject
    WebConfig config;

    @Inject
    ObjectStorage storage;

    @Inject
    CurrentSession session;

    @Context
    UriInfo uriInfo;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("search") String search, @QueryParam("status") String status,
            @QueryParam("sort") String sort, @QueryParam("page") String page, @QueryParam("size") String size) {
        String searchText = search == null ? "" : search.trim();
        String statusCode = status == null ? "" : status.trim();
        if (!statusCode.isEmpty() && BatchStatus.fromCode(statusCode).isEmpty()) {
            throw new WebPageException(400, "Unknown status",
                    "The status filter must be one of the statuses offered by the list.");
        }
        boolean ascending;
        if (sort == null || sort.isBlank() || sort.trim().equals("-modifiedAt")) {
            ascending = false;
        } else if (sort.trim().equals("modifiedAt")) {
            ascending = true;
        } else {
            throw new WebPageException(400, "Unknown sort order",
                    "The list sorts by modified time: sort=modifiedAt or sort=-modifiedAt.");
        }
        int pageSize = number("size", size, config.pageSize(), 1, MAX_PAGE_SIZE);
        int pageNumber = number("page", page, 1, 1, 1_000_000);
        BatchQuery query;
        try {
            query = BatchQuery.parse(statusCode, null, null, searchText, ascending ? "modifiedAt" : "-modifiedAt",
                    Integer.toString(pageSize), Long.toString((long) (pageNumber - 1) * pageSize));
        } catch (ApiException e) {
            throw new WebPageException(400, "Cannot show this list",
                    e.getMessage().startsWith("search") ? "Search takes a batch ref or a part of one: at most 36 characters."
                            : e.getMessage());
        }
        var tenant = session.tenant();
        var found = listing.list(tenant, query, uriInfo.getBaseUri());
        String root = root();
        ListState state = new ListState(searchText, statusCode, ascending, pageNumber, pageSize, config.pageSize());

        List<Row> rows = new ArrayList<>();
        for (BatchListItem item : found.items()) {
            rows.add(row(root, item));
        }
        List<StatusOption> options = new ArrayList<>();
        for (BatchStatus s : BatchStatus.values()) {
            options.add(new StatusOption(s.code(), s.label(), s.code().equals(statusCode)));
        }
        long total = found.totalCount();
        int pages = (int) Math.max(1, (total + pageSize - 1) / pageSize);
        long first = rows.isEmpty() ? 0 : query.offset() + 1L;
        long last = rows.isEmpty() ? 0 : query.offset() + (long) rows.size();
        String prev = pageNumber > 1 ? WebLinks.listUrl(root, state.withPage(Math.min(pageNumber - 1, pages))) : null;
        String next = pageNumber < pages ? WebLinks.listUrl(root, state.withPage(pageNumber + 1)) : null;
        return WebTemplates.list(new ListPage(frame(), searchText, statusCode, options, ascending,
                WebLinks.listUrl(root, state.flipped()), WebLinks.listUrl(root, state.cleared()), state.filtered(), total,
                first, last, pageNumber, pages, prev, next, rows, days(retention.period()), root + "ui/batches/progress",
                uriInfo.getBaseUri().resolve("v2/batches/").toString(), tenant.clientKey()));
    }

    @GET
    @Path("{ref}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance detail(@PathParam("ref") String ref) {
        Batch batch = find(ref);
        String root = root();
        Progress progress = WebFormats.progress(batch.status, batch.totalCount, batch.succeededCount, batch.failedCount,
                liveProgress(batch));
        String refText = batch.ref.toString();
        return WebTemplates.detail(new DetailPage(frame(), refText, batch.status.code(), batch.status.label(),
                WebFormats.time(batch.createdAt), iso(batch.createdAt), WebFormats.time(batch.modifiedAt),
                iso(batch.modifiedAt),
                batch.timeToProcessMs == null ? "\u2014" : String.format(Locale.US, "%,d ms", batch.timeToProcessMs),
                WebFormats.count(batch.totalCount), WebFormats.count(batch.succeededCount), WebFormats.count(batch.failedCount),
                batch.checksum, WebFormats.size(batch.size), batch.message,
                batch.hasLog ? WebLinks.detailUrl(root, refText) + "/log" : null,
                batch.hasLog && batch.hasFailedRecords ? WebLinks.detailUrl(root, refText) + "/failed-records" : null,
                errorRows(batches.errors(batch)), progress, root + "ui/batches/progress",
                BatchService.href(uriInfo.getBaseUri(), batch.ref), root + "ui/batches", batch.dryRun));
    }

    /**
     * The gzipped error log, streamed as stored (the bytes are those of the API's {@code status.log}
     * URL), so the download works even where the browser cannot reach the object store.
     */
    @GET
    @Path("{ref}/log")
    public Response log(@PathParam("ref") String ref) {
        Batch batch = find(ref);
        String key = ObjectKeys.errorLog(session.tenant().clientKey(), batch.ref);
        return download(key, batch.hasLog, "errors-" + batch.ref + ".json.gz", "No error log",
                "This batch has no error log: none of its records failed.");
    }

    /**
     * The original lines of the failed records, gzipped NDJSON as stored (the bytes of the API's
     * {@code status.failedRecords} URL), to fix and upload as a new batch.
     */
    @GET
    @Path("{ref}/failed-records")
    public Response failedRecords(@PathParam("ref") String ref) {
        Batch batch = find(ref);
        String key = ObjectKeys.failedRecords(session.tenant().clientKey(), batch.ref);
        return download(key, batch.hasLog && batch.hasFailedRecords, "failed-records-" + batch.ref + ".json.gz",
                "No failed records", "This batch has no failed records file: none of its records failed.");
    }

    private Response download(String key, boolean exists, String fileName, String missingTitle, String missingDetail) {
        var head = exists ? storage.head(key) : Optional.<HeadObjectResponse> empty();
        if (head.isEmpty()) {
            throw new WebPageException(404, missingTitle, missingDetail);
        }
        StreamingOutput body = out -> {
            try (InputStream in = storage.open(key)) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, "application/gzip")
                .header("Content-Length", head.get().contentLength())
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .build();
    }

    private static List<ErrorRow> errorRows(List<ErrorGroup> groups) {
        if (groups == null) {
            return List.of();
        }
        List<ErrorRow> rows = new ArrayList<>(groups.size());
        for (ErrorGroup group : groups) {
            List<ErrorSample> samples = group.samples().stream()
                    .map(s -> new ErrorSample(String.format(Locale.US, "%,d", s.line()), s.ref(),
                            s.detail() == null ? "" : s.detail()))
                    .toList();
            rows.add(new ErrorRow(group.code(), group.message(), WebFormats.count(group.count()), samples));
        }
        return rows;
    }

    /** Live status and counts of some of the tenant's batches, polled by the page while they run. */
    @GET
    @Path("progress")
    @Produces(MediaType.APPLICATION_JSON)
    public ProgressView progress(@QueryParam("ref") List<String> refs) {
        Set<String> wanted = new LinkedHashSet<>(refs == null ? List.of() : refs);
        List<ProgressItem> items = new ArrayList<>();
        for (String ref : wanted) {
            if (items.size() >= MAX_PAGE_SIZE) {
                break;
            }
            Batch batch;
            try {
                batch = batches.find(session.tenant(), BatchRefs.parse(ref));
            } catch (ApiException e) {
                continue;
            }
            Progress progress = WebFormats.progress(batch.status, batch.totalCount, batch.succeededCount, batch.failedCount,
                    liveProgress(batch));
            items.add(new ProgressItem(batch.ref.toString(), batch.status.code(), batch.status.label(), batch.status.terminal(),
                    progress.live(), progress.determinate() ? progress.percent() : null, progress.text(), progress.eta(),
                    WebFormats.count(batch.totalCount), WebFormats.count(batch.succeededCount),
                    WebFormats.count(batch.failedCount), WebFormats.time(batch.modifiedAt),
                    WebFormats.withoutZone(WebFormats.time(batch.modifiedAt)), iso(batch.modifiedAt)));
        }
        return new ProgressView(items);
    }

    public record ProgressView(List<ProgressItem> items) {
    }

    /**
     * One batch's live state; {@code percent} is null while the total is not known yet; {@code eta} is empty until the
     * service estimates the time left.
     */
    public record ProgressItem(String ref, String status, String label, boolean terminal, boolean live, Integer percent,
            String text, String eta, String total, String succeeded, String failed, String modified, String modifiedShort,
            String modifiedIso) {
    }

    /** The progress the API's status body shows for a processing batch ({@code status.progress}), or null. */
    private static LiveProgress liveProgress(Batch batch) {
        var progress = BatchService.progress(batch);
        return progress == null ? null : new LiveProgress(progress.fraction(), progress.remainingMs());
    }

    private Batch find(String ref) {
        UUID parsed;
        try {
            parsed = BatchRefs.parse(ref);
        } catch (ApiException e) {
            throw WebPageException.notFound();
        }
        try {
            return batches.find(session.tenant(), parsed);
        } catch (ApiException e) {
            throw WebPageException.notFound();
        }
    }

    private Row row(String root, BatchListItem item) {
        BatchStatus status = BatchStatus.fromCode(item.status()).orElseThrow();
        SummaryView summary = item.summary();
        Long total = summary == null ? null : summary.totalCount();
        Long succeeded = summary == null ? null : summary.succeededCount();
        Long failed = summary == null ? null : summary.failedCount();
        Instant created = Instant.parse(item.createdAt());
        Instant modified = Instant.parse(item.modifiedAt());
        return new Row(item.ref(), WebLinks.detailUrl(root, item.ref()), status.code(), status.label(),
                WebFormats.time(created),
                item.createdAt(), WebFormats.time(modified), item.modifiedAt(), WebFormats.count(total),
                WebFormats.count(succeeded), WebFormats.count(failed), WebFormats.progress(status, total, succeeded, failed),
                Boolean.TRUE.equals(item.dryRun()));
    }

    private Frame frame() {
        var active = session.get();
        return new Frame(root(), active.tenant().clientKey(), active.csrfToken());
    }

    private String root() {
        return WebLinks.root(uriInfo.getBaseUri());
    }

    private static String iso(Instant instant) {
        return Timestamps.format(instant);
    }

    private static String days(Duration retention) {
        long days = retention.toDays();
        if (days >= 1 && retention.equals(Duration.ofDays(days))) {
            return days == 1 ? "day" : days + " days";
        }
        long hours = Math.max(1, retention.toHours());
        return hours == 1 ? "hour" : hours + " hours";
    }

    private static int number(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new WebPageException(400, "Cannot show this list",
                name + " must be a whole number from " + min + " to " + max + ".");
    }
}
