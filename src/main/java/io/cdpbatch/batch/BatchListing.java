package io.cdpbatch.batch;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.auth.Tenant;
import io.cdpbatch.batch.BatchService.SignedUrl;
import io.cdpbatch.batch.BatchViews.BatchListItem;
import io.cdpbatch.batch.BatchViews.BatchListView;
import io.cdpbatch.common.Timestamps;
import io.cdpbatch.lifecycle.BatchStatus;
import io.cdpbatch.lifecycle.RetentionConfig;

/**
 * Lists of a tenant's batches. A page is read in one query (the count is a window over the same rows;
 * a page past the end counts them alone), with plain JDBC and only the columns an item shows.
 *
 * <p>
 * Clients poll lists, and building a page costs more than finding out whether it changed. So the API's
 * answer is kept, as JSON, with the <em>versions</em> of the rows it was built from: how many rows match
 * and the sum of their {@code xmin} (the transaction that wrote each row's current version). A later
 * call with the same query reads the versions of the matching rows again, one aggregate over the same
 * rows, and answers the kept JSON only when they are equal. Any committed change to a matching row
 * (an update writes a new version with a newer transaction id), a new or removed row, or a row leaving
 * the retention window changes them, on this replica or another: a kept page is never older than the
 * rows. A kept page is also dropped once its oldest presigned URL has been handed out for its quarter
 * of {@code batch.api.log-url-ttl}, as the URLs are. Pages are kept up to {@value #KEPT_BYTES} bytes in
 * all.
 */
@ApplicationScoped
public class BatchListing {

    /** The bytes of JSON kept at most, all pages together. */
    static final long KEPT_BYTES = 16L * 1024 * 1024;

    /** The columns an item shows. */
    private static final String ITEM_COLUMNS = "ref, status, checksum, size, created_at, modified_at, time_to_process_ms, "
            + "total_count, succeeded_count, failed_count, has_log, has_failed_records, dry_run";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    BatchService batches;

    @Inject
    RetentionConfig retention;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    private Cache<PageKey, KeptPage> kept;

    /** A tenant's query, answered under one base URI (the items' links depend on it). */
    private record PageKey(long clientId, String itemPrefix, BatchQuery query) {
    }

    /** The answer as JSON, the versions it was built from, and when its oldest URL was signed (null: none). */
    private record KeptPage(Versions versions, Instant oldestUrl, byte[] json) {
    }

    /** How many rows match a query, and the sum of their row versions. */
    record Versions(long rows, String sum) {
    }

    /** A page, and what it was built from. */
    private record Page(BatchListView view, Versions versions, Instant oldestUrl) {
    }

    @PostConstruct
    void init() {
        kept = Caffeine.newBuilder().maximumWeight(KEPT_BYTES).weigher((PageKey key, KeptPage page) -> page.json().length)
                .expireAfterWrite(batches.urlReuse()).build();
    }

    /** A page of the tenant's batches, for the web page. */
    public BatchListView list(Tenant tenant, BatchQuery query, URI baseUri) {
        Filter filter = filter(tenant, query);
        try (Connection connection = dataSource.getConnection()) {
            return page(connection, tenant, query, filter, itemPrefix(baseUri)).view();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** A page of the tenant's batches as the API's JSON answer: the kept answer when its rows did not change. */
    public byte[] listJson(Tenant tenant, BatchQuery query, URI baseUri) {
        Filter filter = filter(tenant, query);
        PageKey key = new PageKey(tenant.id(), itemPrefix(baseUri), query);
        try (Connection connection = dataSource.getConnection()) {
            KeptPage previous = kept.getIfPresent(key);
            if (previous != null && urlsStillHandedOut(previous) && previous.versions().equals(versions(connection, filter))) {
                return previous.json();
            }
            Page page = page(connection, tenant, query, filter, key.itemPrefix());
            byte[] answer = json.writeValueAsBytes(page.view());
            kept.put(key, new KeptPage(page.versions(), page.oldestUrl(), answer));
            return answer;
        } catch (SQLException e) {
            throw failed(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A batch list could not be written as JSON", e);
        }
    }

    private boolean urlsStillHandedOut(KeptPage page) {
        return page.oldestUrl() == null || clock.instant().isBefore(page.oldestUrl().plus(batches.urlReuse()));
    }

    /** The WHERE clause of a query and its parameters. */
    private record Filter(String where, List<Object> params) {
    }

    private Filter filter(Tenant tenant, BatchQuery query) {
        StringBuilder where = new StringBuilder("client_id = ? AND created_at >= ?");
        List<Object> params = new ArrayList<>();
        params.add(tenant.id());
        params.add(utc(clock.instant().minus(retention.period())));
        if (!query.statuses().isEmpty()) {
            where.append(" AND status = ANY (?)");
            params.add(query.statuses().stream().map(BatchStatus::code).toArray(String[]::new));
        }
        if (query.createdBefore() != null) {
            where.append(" AND created_at < ?");
            params.add(utc(query.createdBefore()));
        }
        if (query.createdAfter() != null) {
            where.append(" AND created_at > ?");
            params.add(utc(query.createdAfter()));
        }
        if (query.dryRun() != null) {
            where.append(" AND dry_run = ?");
            params.add(query.dryRun());
        }
        if (query.search() != null) {
            where.append(" AND ref::text LIKE ? ESCAPE '!'");
            params.add("%" + BatchService.escapeLike(query.search()) + "%");
        }
        return new Filter(where.toString(), params);
    }

    private Page page(Connection connection, Tenant tenant, BatchQuery query, Filter filter, String itemPrefix)
            throws SQLException {
        String direction = query.descending() ? " DESC" : " ASC";
        // the sort column is one of two (BatchQuery checks the field)
        String column = "createdAt".equals(query.sortField()) ? "created_at" : "modified_at";
        List<BatchListItem> items = new ArrayList<>(Math.min(query.limit(), 100));
        Versions versions = null;
        Instant oldestUrl = null;
        try (PreparedStatement page = connection.prepareStatement("SELECT " + ITEM_COLUMNS
                + ", count(*) OVER () AS total, sum(xmin::text::int8) OVER ()::text AS versions FROM batch WHERE "
                + filter.where() + " ORDER BY " + column + direction + ", id" + direction + " LIMIT ? OFFSET ?")) {
            int index = bind(connection, page, filter.params());
            page.setInt(index++, query.limit());
            page.setInt(index, query.offset());
            try (ResultSet rows = page.executeQuery()) {
                while (rows.next()) {
                    versions = new Versions(rows.getLong("total"), rows.getString("versions"));
                    Batch batch = listed(rows);
                    SignedUrl log = batches.logDownload(tenant, batch);
                    SignedUrl failedRecords = batches.failedRecordsDownload(tenant, batch);
                    oldestUrl = oldest(oldest(oldestUrl, log), failedRecords);
                    items.add(new BatchListItem(itemPrefix + batch.ref, batch.ref.toString(), batch.status.code(),
                            log == null ? null : log.url(), failedRecords == null ? null : failedRecords.url(),
                            Timestamps.format(batch.createdAt),
                            Timestamps.format(batch.modifiedAt), batch.checksum, batch.size,
                            BatchService.summary(batch, null), BatchService.dryRunField(batch)));
                }
            }
        }
        if (versions == null) {
            // no row on this page: the page is past the end, or nothing matches
            versions = versions(connection, filter);
        }
        return new Page(new BatchListView(versions.rows(), query.offset(), query.limit(), items), versions, oldestUrl);
    }

    private static Versions versions(Connection connection, Filter filter) throws SQLException {
        try (PreparedStatement count = connection
                .prepareStatement(
                        "SELECT count(*), coalesce(sum(xmin::text::int8), 0)::text FROM batch WHERE " + filter.where())) {
            bind(connection, count, filter.params());
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return new Versions(rows.getLong(1), rows.getString(2));
            }
        }
    }

    private static Instant oldest(Instant current, SignedUrl url) {
        if (url == null) {
            return current;
        }
        return current == null || url.signedAt().isBefore(current) ? url.signedAt() : current;
    }

    private static String itemPrefix(URI baseUri) {
        return baseUri.resolve("v2/batches/inspect/").toString();
    }

    private static int bind(Connection connection, PreparedStatement statement, List<Object> params) throws SQLException {
        int index = 1;
        for (Object param : params) {
            if (param instanceof String[] codes) {
                statement.setArray(index++, connection.createArrayOf("varchar", codes));
            } else {
                statement.setObject(index++, param);
            }
        }
        return index;
    }

    /** The listed columns of one row, as a batch that is not managed (nothing of it is written). */
    private static Batch listed(ResultSet rows) throws SQLException {
        Batch batch = new Batch();
        batch.ref = rows.getObject("ref", UUID.class);
        String code = rows.getString("status");
        batch.status = BatchStatus.fromCode(code).orElseThrow(() -> new IllegalStateException("Unknown status " + code));
        batch.checksum = rows.getString("checksum");
        batch.size = rows.getLong("size");
        batch.createdAt = rows.getObject("created_at", OffsetDateTime.class).toInstant();
        batch.modifiedAt = rows.getObject("modified_at", OffsetDateTime.class).toInstant();
        batch.timeToProcessMs = nullableLong(rows, "time_to_process_ms");
        batch.totalCount = nullableLong(rows, "total_count");
        batch.succeededCount = nullableLong(rows, "succeeded_count");
        batch.failedCount = nullableLong(rows, "failed_count");
        batch.hasLog = rows.getBoolean("has_log");
        batch.hasFailedRecords = rows.getBoolean("has_failed_records");
        batch.dryRun = rows.getBoolean("dry_run");
        return batch;
    }

    private static Long nullableLong(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static PersistenceException failed(SQLException e) {
        return new PersistenceException("Listing batches failed (SQLState " + e.getSQLState() + ")", e);
    }
}
