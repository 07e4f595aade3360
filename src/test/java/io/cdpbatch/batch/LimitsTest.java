package io.cdpbatch.batch;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.storage.ObjectKeys;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Sql;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/** Limits: bodies capped, uploads per tenant capped, sizes checked before anything is downloaded. */
@QuarkusTest
@ApiTest
class LimitsTest {

    static final String CHECKSUM = "b1d600dbf7463924e24647e626cd7c1e";
    static final int TEN_MB = 10 * 1024 * 1024;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    BatchConfig batchConfig;

    @Inject
    io.cdpbatch.storage.ObjectStorage storage;

    @TestHTTPResource("/")
    URI root;

    Tenants tenant;

    @Test
    void aTenMegabyteAllocateBodyIsRefusedQuicklyWithTheErrorBody() {
        assertError(tenant.given().body(new byte[TEN_MB]).contentType("application/json")
                .when().put("/v2/batches/{ref}", UUID.randomUUID()).then(), 413, "Request body too large",
                "The request body is limited to 65536 bytes, got " + TEN_MB + " bytes");
        // the admin API too, even before its token is looked at
        assertError(
                RestAssured.given().header("Authorization", "Bearer test-admin-token-0123456789abcdef").body(new byte[70_000])
                        .when().post("/admin/clients").then(),
                413, "Request body too large",
                "The request body is limited to 65536 bytes, got 70000 bytes");
        // a body just under the limit is read and judged on its content
        assertError(tenant.given().body(" ".repeat(65_000) + "{}").when().put("/v2/batches/{ref}", UUID.randomUUID()).then(),
                400, "checksum is required", "checksum is required: the MD5 of the gzipped file, 32 hexadecimal characters");
    }

    /** The answer comes from the headers alone: the client has not sent a byte of the body yet. */
    @Test
    void theAnswerComesBeforeTheBodyIsSent() throws Exception {
        String credentials = java.util.Base64.getEncoder()
                .encodeToString((tenant.clientKey() + ":" + tenant.token()).getBytes());
        try (java.net.Socket socket = new java.net.Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("PUT /v2/batches/" + UUID.randomUUID() + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Basic " + credentials + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + TEN_MB + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var received = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            while (!received.toString(java.nio.charset.StandardCharsets.UTF_8).endsWith("}")) {
                int read = socket.getInputStream().read(buffer);
                if (read < 0) {
                    break;
                }
                received.write(buffer, 0, read);
            }
            String answer = received.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413 ").contains("application/json")
                    .endsWith("{\"status\":413,\"code\":413,\"message\":\"Request body too large\",\"developerMessage\":"
                            + "\"The request body is limited to 65536 bytes, got " + TEN_MB + " bytes\",\"moreInfo\":\"\"}");
        }
    }

    @Test
    void tooManyBatchesInUploadingAre429UntilOneLeavesUploading() throws SQLException {
        int limit = batchConfig.maxUploadingPerTenant();
        byte[] file = TestFiles.ndjsonGz(List.of(Lines.guest("1").email("limit@example.com").upsert()));
        String first = UUID.randomUUID().toString();
        String firstUrl = Batches.allocate(tenant, first, TestFiles.md5Hex(file), file.length);
        // the rest of the allowance straight into the table: allocating them one by one adds nothing to the test
        Sql.update("INSERT INTO batch (client_id, ref, checksum, size, status, created_at, modified_at, upload_expires_at)"
                + " SELECT a.id, gen_random_uuid(), '" + CHECKSUM
                + "', 227, 'uploading', now(), now(), now() + interval '1 hour'"
                + " FROM api_client a, generate_series(2, " + limit + ") WHERE a.client_key = ?", tenant.clientKey());
        // expired URLs do not count: those batches cannot be uploaded any more
        Sql.update("INSERT INTO batch (client_id, ref, checksum, size, status, created_at, modified_at, upload_expires_at)"
                + " SELECT a.id, gen_random_uuid(), '" + CHECKSUM
                + "', 227, 'uploading', now(), now(), now() - interval '1 minute'"
                + " FROM api_client a, generate_series(1, 5) WHERE a.client_key = ?", tenant.clientKey());
        String refused = UUID.randomUUID().toString();
        String developerMessage = "This client has " + limit + " batches in uploading, the limit is " + limit
                + ": upload their files or wait for their URLs to expire";
        assertError(tenant.given().body("{\"checksum\":\"" + CHECKSUM + "\",\"size\":227}")
                .when().put("/v2/batches/{ref}", refused).then(), 429, "Too many batches waiting for their upload",
                developerMessage);
        tenant.given().when().get("/v2/batches/{ref}", refused).then().statusCode(404);
        // renewing the URL of a batch already counted is not a new batch
        tenant.given().body("{\"checksum\":\"" + TestFiles.md5Hex(file) + "\",\"size\":" + file.length + "}")
                .when().put("/v2/batches/{ref}", first).then().statusCode(200);
        // another tenant is not affected
        Batches.allocate(Tenants.create(), UUID.randomUUID().toString(), CHECKSUM, 227);

        assertThat(Uploads.put(firstUrl, file).status()).isEqualTo(200);
        assertThat(Batches.awaitTerminal(tenant, first).getString("status.code")).isEqualTo("success");
        Batches.allocate(tenant, refused, CHECKSUM, 227);
        Sql.update("UPDATE batch SET status = 'corrupted', message = 'test' FROM api_client a"
                + " WHERE a.id = batch.client_id AND a.client_key = ? AND batch.status = 'uploading'", tenant.clientKey());
    }

    /**
     * Five places left under the limit and forty allocations at once: exactly five get a batch.
     * Counted and inserted as two statements without the tenant's lock, they all saw five places.
     */
    @Test
    void parallelAllocationsCannotPassTheUploadingLimit() throws Exception {
        int limit = batchConfig.maxUploadingPerTenant();
        Sql.update("INSERT INTO batch (client_id, ref, checksum, size, status, created_at, modified_at, upload_expires_at)"
                + " SELECT a.id, gen_random_uuid(), '" + CHECKSUM
                + "', 227, 'uploading', now(), now(), now() + interval '1 hour'"
                + " FROM api_client a, generate_series(1, " + (limit - 5) + ") WHERE a.client_key = ?", tenant.clientKey());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            answers.add(pool.submit(() -> tenant.given().body("{\"checksum\":\"" + CHECKSUM + "\",\"size\":227}")
                    .when().put("/v2/batches/{ref}", UUID.randomUUID()).then().extract().statusCode()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(5);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(35);
        assertThat(Sql.single("SELECT count(*)::text FROM batch b JOIN api_client a ON a.id = b.client_id"
                + " WHERE a.client_key = ? AND b.status = 'uploading'", tenant.clientKey())).isEqualTo(Integer.toString(limit));
        Sql.update("UPDATE batch SET status = 'corrupted', message = 'test' FROM api_client a"
                + " WHERE a.id = batch.client_id AND a.client_key = ? AND batch.status = 'uploading'", tenant.clientKey());
    }

    @Test
    void anObjectLargerThanDeclaredIsCorruptedFromItsMetadataAlone() throws SQLException {
        byte[] file = TestFiles.ndjsonGz(List.of(Lines.guest("1").email("bigger@example.com").upsert()));
        String ref = UUID.randomUUID().toString();
        // the client declared a smaller size: the upload URL refuses the whole file (its length is signed)...
        String url = Batches.allocate(tenant, ref, TestFiles.md5Hex(file), file.length - 7);
        assertThat(Uploads.put(url, file).status()).isEqualTo(403);
        // ...and should the object get there all the same (a store that does not check the signed
        // length), the scan finds it from its metadata
        storage.put(ObjectKeys.upload(tenant.clientKey(), UUID.fromString(ref)), file, "application/gzip");

        JsonPath done = Batches.awaitTerminal(tenant, ref);

        assertThat(done.getString("status.code")).isEqualTo("corrupted");
        assertThat(done.getString("status.message")).isEqualTo("The size differs: declared " + (file.length - 7)
                + " bytes, the object has " + file.length + " bytes");
        // found by the arrival scan's HEAD: the batch was never marked arrived, so never claimed for download
        assertThat(column(ref, "arrived_at")).isNull();
        assertThat(column(ref, "attempts")).isEqualTo("0");
        assertThat(done.getString("status.summary")).isNull();
    }

    String column(String ref, String column) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM batch WHERE ref = ?::uuid")) {
            s.setString(1, ref);
            try (ResultSet rows = s.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }
}
