package io.cdpbatch;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.cdpbatch.pipeline.PipelineConfig;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Management;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Every bad input we could think of, across the API (headers, bodies, paths, query
 * parameters, authentication) and the batch file (through real uploads), each with its precise
 * documented answer (docs/bad-input.md). Last, the service is still healthy and a normal
 * batch still succeeds.
 */
@QuarkusTest
@ApiTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCatalogueTest {

    static final String CHECKSUM = "b1d600dbf7463924e24647e626cd7c1e";
    static final String BODY = "{\"checksum\":\"" + CHECKSUM + "\",\"size\":227}";
    static final String MALFORMED = "Malformed Authorization header: HTTP Basic with client key and API token expected";
    static final String REJECTED = "Unknown client key, wrong API token, or revoked client";
    static final String NOT_JSON_OBJECT = "Request body must be a JSON object";
    static final String JSON_VALUE = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
    static final String DATE_TIME = "an ISO-8601 date-time with Z or an offset, e.g. 1985-12-24T00:00:00Z";
    static final String PARSE = "Failed to parse import line";
    static final String VALIDATION = "Validation error";

    static Tenants tenant;

    @Inject
    PipelineConfig pipelineConfig;

    @BeforeEach
    void setUp() {
        if (tenant == null) {
            tenant = Tenants.create();
        }
    }

    /** A bad request and its answer: status, message, developerMessage. */
    record Bad(String input, Function<Tenants, ValidatableResponse> request, int status, String message,
            String developerMessage) {
        @Override
        public String toString() {
            return input;
        }
    }

    static Arguments bad(String input, Function<Tenants, ValidatableResponse> request, int status, String message,
            String developerMessage) {
        return Arguments.of(new Bad(input, request, status, message, developerMessage));
    }

    static RequestSpecification auth(String header) {
        return RestAssured.given().header("Authorization", header);
    }

    static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    // --- 1. Headers and authentication -----------------------------------------------------------

    static Stream<Arguments> headers() {
        String inspect = "/v2/batches/inspect";
        return Stream.of(
                bad("no Authorization header", t -> RestAssured.given().when().get(inspect).then(), 401, "Unauthorized",
                        "Missing credentials"),
                bad("Bearer scheme", t -> auth("Bearer " + t.token()).when().get(inspect).then(), 401, "Unauthorized",
                        MALFORMED),
                bad("Digest scheme", t -> auth("Digest username=\"" + t.clientKey() + "\"").when().get(inspect).then(), 401,
                        "Unauthorized", MALFORMED),
                bad("Basic without credentials", t -> auth("Basic").when().get(inspect).then(), 401, "Unauthorized", MALFORMED),
                bad("Basic with text that is not base64", t -> auth("Basic !!!not-base64").when().get(inspect).then(), 401,
                        "Unauthorized", MALFORMED),
                bad("Basic with an empty user", t -> auth(basic(":" + t.token())).when().get(inspect).then(), 401,
                        "Unauthorized", MALFORMED),
                bad("Basic with an empty token", t -> auth(basic(t.clientKey() + ":")).when().get(inspect).then(), 401,
                        "Unauthorized", MALFORMED),
                bad("Basic without a colon", t -> auth(basic(t.clientKey())).when().get(inspect).then(), 401, "Unauthorized",
                        MALFORMED),
                bad("Basic with a 12 KB token (a huge header)",
                        t -> auth(basic(t.clientKey() + ":" + "t".repeat(12 * 1024))).when().get(inspect).then(), 401,
                        "Unauthorized", REJECTED),
                bad("Basic with a 4 KB client key", t -> auth(basic("k".repeat(4096) + ":" + t.token())).when().get(inspect)
                        .then(), 401, "Unauthorized", REJECTED),
                bad("Basic with bytes that are not UTF-8",
                        t -> auth("Basic "
                                + Base64.getEncoder().encodeToString(new byte[] { (byte) 0xff, (byte) 0xfe, ':', 'x' }))
                                .when().get(inspect).then(),
                        401, "Unauthorized", REJECTED),
                bad("wrong token", t -> auth(basic(t.clientKey() + ":" + t.token() + "x")).when().get(inspect).then(), 401,
                        "Unauthorized", REJECTED),
                bad("unknown client key", t -> auth(basic("nobody:" + t.token())).when().get(inspect).then(), 401,
                        "Unauthorized", REJECTED),
                bad("admin bearer token on a tenant route",
                        t -> auth("Bearer test-admin-token-0123456789abcdef").when().get(inspect).then(),
                        401,
                        "Unauthorized", MALFORMED),
                bad("tenant credentials on the admin API", t -> t.given().when().get("/admin/clients").then(), 401,
                        "Unauthorized", "Wrong admin bearer token"));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void badHeaders(Bad bad) {
        check(bad);
    }

    // --- 2. Allocation bodies --------------------------------------------------------------------

    static Function<Tenants, ValidatableResponse> allocate(String body) {
        return t -> t.given().body(body).when().put("/v2/batches/{ref}", UUID.randomUUID()).then();
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                bad("no body", t -> t.given().when().put("/v2/batches/{ref}", UUID.randomUUID()).then(), 400,
                        "Request body is required",
                        "Request body is required: {\"checksum\": \"<md5 hex>\", \"size\": <bytes>}"),
                bad("not JSON", allocate("checksum please"), 400, NOT_JSON_OBJECT, NOT_JSON_OBJECT
                        + " with checksum and size: Unrecognized token 'checksum': was expecting " + JSON_VALUE),
                bad("a JSON array", allocate("[\"" + CHECKSUM + "\",227]"), 400, NOT_JSON_OBJECT,
                        NOT_JSON_OBJECT + " with checksum and size"),
                bad("JSON null", allocate("null"), 400, NOT_JSON_OBJECT, NOT_JSON_OBJECT + " with checksum and size"),
                bad("truncated JSON", allocate("{\"checksum\":\"" + CHECKSUM + "\",\"size\":"), 400, NOT_JSON_OBJECT,
                        NOT_JSON_OBJECT + " with checksum and size: Unexpected end-of-input within/between Object entries"),
                bad("duplicate keys", allocate("{\"checksum\":\"" + CHECKSUM + "\",\"size\":227,\"size\":1}"), 400,
                        NOT_JSON_OBJECT, NOT_JSON_OBJECT + " with checksum and size: Duplicate field 'size'"),
                bad("deeply nested JSON", allocate("[".repeat(5000) + "]".repeat(5000)), 400, NOT_JSON_OBJECT,
                        NOT_JSON_OBJECT + " with checksum and size: Document nesting depth (1001) exceeds the maximum allowed "
                                + "(1000, from `StreamReadConstraints.getMaxNestingDepth()`)"),
                bad("checksum of the wrong type", allocate("{\"checksum\":true,\"size\":227}"), 400,
                        "checksum must be 32 hexadecimal characters",
                        "checksum must be a string of 32 hexadecimal characters, got boolean"),
                bad("size of the wrong type", allocate("{\"checksum\":\"" + CHECKSUM + "\",\"size\":[227]}"), 400,
                        "size must be a positive integer", "size must be a positive integer, got array"),
                bad("size zero (an empty file)", allocate("{\"checksum\":\"d41d8cd98f00b204e9800998ecf8427e\",\"size\":0}"),
                        400,
                        "size must be a positive integer", "size must be a positive integer, got 0"),
                bad("size over the maximum", allocate("{\"checksum\":\"" + CHECKSUM + "\",\"size\":52428801}"), 400,
                        "size must not exceed 52428800 bytes",
                        "size must not exceed the maximum file size of 52428800 bytes, got 52428801"),
                bad("a 10 MB body", t -> t.given().body(new byte[10 * 1024 * 1024]).when()
                        .put("/v2/batches/{ref}", UUID.randomUUID()).then(), 413, "Request body too large",
                        "The request body is limited to 65536 bytes, got 10485760 bytes"));
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void badBodies(Bad bad) {
        check(bad);
    }

    // --- 3. Paths and methods --------------------------------------------------------------------

    static Stream<Arguments> paths() {
        String refMessage = "ref must be a UUID";
        String refDetail = "ref must be a UUID such as 12af3453-62da-4b31-b646-631b7b5f3009, got ";
        return Stream.of(
                bad("ref that is not a UUID", t -> t.given().when().get("/v2/batches/{ref}", "batch-1").then(), 400, refMessage,
                        refDetail + "\"batch-1\""),
                bad("ref of 200 characters", t -> t.given().when().get("/v2/batches/inspect/{ref}", "a".repeat(200)).then(),
                        400,
                        refMessage, refDetail + "\"" + "a".repeat(64) + "...\""),
                bad("ref with an encoded slash", t -> t.given().urlEncodingEnabled(false).when()
                        .get("/v2/batches/12af3453%2F62da-4b31-b646-631b7b5f3009").then(), 400, refMessage,
                        refDetail + "\"12af3453/62da-4b31-b646-631b7b5f3009\""),
                bad("unknown ref", t -> t.given().when().get("/v2/batches/{ref}", UUID.randomUUID()).then(), 404,
                        "Batch not found", "Batch not found"),
                bad("unknown route", t -> t.given().when().get("/v2/nothing-here").then(), 404, "Not found",
                        "No resource at this path"),
                bad("route one level too deep", t -> t.given().when().get("/v2/batches/inspect/{ref}/log", UUID.randomUUID())
                        .then(), 404, "Not found", "No resource at this path"),
                bad("DELETE of a batch", t -> t.given().when().delete("/v2/batches/{ref}", UUID.randomUUID()).then(), 405,
                        "Method not allowed", "DELETE is not allowed on this path"),
                bad("POST to the list", t -> t.given().body(BODY).when().post("/v2/batches/inspect").then(), 405,
                        "Method not allowed", "POST is not allowed on this path"));
    }

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void badPaths(Bad bad) {
        check(bad);
    }

    // --- 4. Query parameters of the list ---------------------------------------------------------

    static Function<Tenants, ValidatableResponse> list(String name, String value) {
        return t -> t.given().queryParam(name, value).when().get("/v2/batches/inspect").then();
    }

    static Stream<Arguments> queries() {
        String limit = "limit must be an integer between 1 and 1000";
        String offset = "offset must be an integer at least 0";
        String status = "status must be one of uploading, file_uploaded, processing, success, corrupted, error";
        String statusDetail = "status must be a comma-separated list of uploading, file_uploaded, processing, success, "
                + "corrupted, error, got ";
        return Stream.of(
                bad("limit 0", list("limit", "0"), 400, limit, limit + ", got \"0\""),
                bad("limit not a number", list("limit", "all"), 400, limit, limit + ", got \"all\""),
                bad("limit beyond a long", list("limit", "99999999999999999999"), 400, limit,
                        limit + ", got \"99999999999999999999\""),
                bad("offset negative", list("offset", "-5"), 400, offset, offset + ", got \"-5\""),
                bad("offset a fraction", list("offset", "1.5"), 400, offset, offset + ", got \"1.5\""),
                bad("sort by an unknown field", list("sort", "ref"), 400,
                        "sort must be modifiedAt or createdAt, optionally prefixed with -",
                        "sort must be one of modifiedAt, -modifiedAt, createdAt, -createdAt, got \"ref\""),
                bad("unknown status", list("status", "failed"), 400, status, statusDetail + "\"failed\""),
                bad("status in capitals", list("status", "SUCCESS"), 400, status, statusDetail + "\"SUCCESS\""),
                bad("createdBefore not a date", list("createdBefore", "last week"), 400,
                        "createdBefore must be an ISO-8601 date-time",
                        "createdBefore must be an ISO-8601 date-time such as 2026-11-28T14:04:05.123Z, got \"last week\""),
                bad("createdAfter without a zone", list("createdAfter", "2026-11-28T10:00:00"), 400,
                        "createdAfter must be an ISO-8601 date-time",
                        "createdAfter must be an ISO-8601 date-time such as 2026-11-28T14:04:05.123Z, got \"2026-11-28T10:00:00\""),
                bad("search longer than a ref", list("search", "z".repeat(40)), 400, "search must be at most 36 characters",
                        "search is a part of a batch ref (at most 36 characters), got 40 characters"));
    }

    @Order(4)
    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void badQueryParameters(Bad bad) {
        check(bad);
    }

    private static void check(Bad bad) {
        ValidatableResponse response = bad.request().apply(tenant);
        if ("TBD".equals(bad.developerMessage())) {
            System.out.println("CATALOGUE " + bad.input() + " -> " + response.extract().statusCode() + " "
                    + response.extract().asString());
        }
        assertError(response, bad.status(), bad.message(), bad.developerMessage());
    }

    // --- 5. The file: whole-file problems --------------------------------------------------------

    @Order(5)
    @Test
    void fileThatIsNotGzip() {
        JsonPath done = Batches.awaitTerminal(tenant,
                Batches.upload(tenant, Lines.guest("plain").email("a@example.com").upsert()
                        .getBytes(StandardCharsets.UTF_8)));
        assertUnreadable(done, "The file is not gzip: it does not start with the gzip signature 1f 8b", 0);
    }

    @Order(5)
    @Test
    void zipInsteadOfGzip() {
        byte[] zip = { 'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0 };
        assertUnreadable(Batches.awaitTerminal(tenant, Batches.upload(tenant, zip)),
                "The file is not gzip: it does not start with the gzip signature 1f 8b", 0);
    }

    @Order(5)
    @Test
    void emptyFileDeclaredAsOneByte() {
        String ref = UUID.randomUUID().toString();
        String url = Batches.allocate(tenant, ref, TestFiles.md5Hex(new byte[0]), 1);
        // the upload URL signs the declared length: the store refuses the empty body, nothing is stored
        assertThat(Uploads.put(url, new byte[0]).status()).isEqualTo(403);
        assertThat(Batches.inspect(tenant, ref).getString("status.code")).isEqualTo("uploading");
    }

    /** Our decision: a valid gzip holding no record is a batch of zero records, all of them applied. */
    @Order(5)
    @Test
    void gzipOfNothingIsASuccessWithNoRecords() {
        JsonPath done = Batches.awaitTerminal(tenant, Batches.upload(tenant, TestFiles.gzip(new byte[0])));
        assertThat(done.getString("status.code")).isEqualTo("success");
        assertThat(done.getLong("status.summary.totalCount")).isZero();
        assertThat(done.getLong("status.summary.succeededCount")).isZero();
        assertThat(done.getLong("status.summary.failedCount")).isZero();
        assertThat(done.getString("status.log")).isNull();
        assertThat(done.getString("status.message")).isNull();
    }

    @Order(5)
    @Test
    void gzipOfBlankLinesOnly() {
        JsonPath done = Batches.awaitTerminal(tenant, Batches.upload(tenant,
                TestFiles.gzip("\n\r\n   \n\t\n".getBytes(StandardCharsets.UTF_8))));
        assertThat(done.getString("status.code")).isEqualTo("success");
        assertThat(done.getLong("status.summary.totalCount")).isZero();
    }

    @Order(5)
    @Test
    void truncatedGzip() {
        byte[] full = TestFiles.ndjsonGz(List.of(Lines.guest("t1").email("truncated@example.com").upsert()));
        byte[] truncated = Arrays.copyOf(full, full.length - 8); // the trailer (CRC and length) is missing
        JsonPath done = Batches.awaitTerminal(tenant, Batches.upload(tenant, truncated));
        assertUnreadable(done, "The gzip stream is truncated: reading stopped after line 1; records after it were not read", 1);
    }

    @Order(5)
    @Test
    void corruptGzip() {
        byte[] gz = TestFiles.ndjsonGz(List.of(Lines.guest("c1").email("corrupt@example.com").upsert(),
                Lines.guest("c2").email("corrupt2@example.com").upsert()));
        gz[10] = (byte) 0xff; // the first deflate block header: a reserved block type
        assertUnreadable(Batches.awaitTerminal(tenant, Batches.upload(tenant, gz)),
                "The gzip stream is corrupt (invalid block type in member 1): reading stopped after line 0; records after it were not read",
                0);
    }

    /** The JDK's gunzip stops silently at a damaged second member: this one must not pass for the end of the file. */
    @Order(5)
    @Test
    void damagedSecondGzipMember() {
        byte[] first = TestFiles.ndjsonGz(List.of(Lines.guest("m1").email("member1@example.com").upsert()));
        byte[] second = TestFiles.ndjsonGz(List.of(Lines.guest("m2").email("member2@example.com").upsert(),
                Lines.guest("m3").email("member3@example.com").upsert()));
        second[second.length - 8] ^= 1; // its CRC-32
        var file = new ByteArrayOutputStream();
        file.writeBytes(first);
        file.writeBytes(second);
        JsonPath done = Batches.awaitTerminal(tenant, Batches.upload(tenant, file.toByteArray()));
        assertThat(done.getString("status.code")).isEqualTo("error");
        assertThat(done.getString("status.message"))
                .isEqualTo("The gzip stream is corrupt (CRC-32 mismatch in member 2): reading stopped after line 3; "
                        + "records after it were not read");
    }

    @Order(5)
    @Test
    void bytesAfterTheLastGzipMember() {
        var file = new ByteArrayOutputStream();
        file.writeBytes(TestFiles.ndjsonGz(List.of(Lines.guest("tail1").email("tail1@example.com").upsert())));
        file.writeBytes("not gzip at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertUnreadable(Batches.awaitTerminal(tenant, Batches.upload(tenant, file.toByteArray())),
                "The gzip stream is corrupt (The data after member 1 is not a gzip member): reading stopped after line 1; "
                        + "records after it were not read",
                1);
    }

    /** Our decision: a file whose first lines are all invalid is not a batch file; reading stops there, counted. */
    @Order(5)
    @Test
    void aFileWhoseFirstLinesAreAllInvalid() {
        int limit = pipelineConfig.maxLeadingInvalidLines();
        byte[] file = TestFiles.gzip(repeat((byte) 'x', 1, (byte) '\n', limit + 500));
        JsonPath done = Batches.awaitTerminal(tenant, Batches.upload(tenant, file));
        assertThat(done.getString("status.code")).isEqualTo("error");
        assertThat(done.getLong("status.summary.totalCount")).isEqualTo(limit);
        assertThat(done.getLong("status.summary.failedCount")).isEqualTo(limit);
        assertThat(done.getLong("status.summary.succeededCount")).isZero();
        assertThat(done.getString("status.message")).isEqualTo("The first " + limit + " lines of the file are all invalid "
                + "records: reading stopped there and the rest of the file was not read. Is it a batch file of this API?");
        assertThat(done.getList("status.summary.errors.count", Long.class)).containsExactly((long) limit);
    }

    /** {@code count} repetitions of {@code width} bytes {@code b} and a terminator. */
    private static byte[] repeat(byte b, int width, byte terminator, int count) {
        byte[] bytes = new byte[(width + 1) * count];
        for (int i = 0; i < count; i++) {
            Arrays.fill(bytes, i * (width + 1), i * (width + 1) + width, b);
            bytes[i * (width + 1) + width] = terminator;
        }
        return bytes;
    }

    @Order(5)
    @Test
    void gzipBombPastTheDecompressedLimit() {
        long limit = pipelineConfig.maxDecompressedSize().asLongValue();
        byte[] megabyteOfNewlines = TestFiles.gzip(repeat((byte) '\n', 1024 * 1024));
        var bomb = new ByteArrayOutputStream();
        bomb.writeBytes(TestFiles.ndjsonGz(List.of(Lines.guest("before-the-bomb").email("bomb@example.com").upsert())));
        for (long written = 0; written <= limit; written += 1024 * 1024) {
            bomb.writeBytes(megabyteOfNewlines); // multi-member gzip: each member one more MiB
        }
        assertThat(bomb.size()).isLessThan(200_000);
        JsonPath done = Batches.awaitTerminal(tenant, Batches.upload(tenant, bomb.toByteArray()));
        assertThat(done.getString("status.code")).isEqualTo("error");
        assertThat(done.getString("status.log")).isNull();
        assertThat(done.getString("status.message")).startsWith("The decompressed file exceeds the limit of " + limit
                + " bytes: reading stopped after line ").endsWith("; records after it were not read");
        // what was read before the limit stays applied
        assertThat(done.getLong("status.summary.totalCount")).isEqualTo(1);
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(1);
    }

    private static void assertUnreadable(JsonPath done, String message, long applied) {
        if ("TBD".equals(message)) {
            System.out.println("CATALOGUE file -> " + done.prettify());
        }
        assertThat(done.getString("status.code")).isEqualTo("error");
        assertThat(done.getString("status.log")).isNull();
        assertThat(done.getString("status.message")).isEqualTo(message);
        assertThat(done.getLong("status.summary.totalCount")).isEqualTo(applied);
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(applied);
        assertThat(done.getLong("status.summary.failedCount")).isZero();
    }

    // --- 6. The file: one bad record per line ----------------------------------------------------

    /** A line of the file and the error-log entry it must produce: "ref|code|message|detail" (null: applied). */
    record Line(String input, byte[] bytes, String expected) {
    }

    static Line line(String input, String text, String expected) {
        return new Line(input, text.getBytes(StandardCharsets.UTF_8), expected);
    }

    static final String SEGMENT = "{'id':'S1','origin':'DUB','destination':'LHR','departureDateTime':'2026-12-15T07:00Z',"
            + "'arrivalDateTime':'2026-12-15T08:20Z','flightNumber':'EI154','fareClass':'Y','carrier':'EI'}";

    /** A flight booking of contact crm/CAT-1 with one item (I-1) and its passenger; parts replaceable by the caller. */
    static String flight(String referenceId, String segment, String typeCodes, String consumers) {
        return "{'referenceId':'" + referenceId + "','channel':'WEB','pointOfSale':'air','status':'CONFIRMED',"
                + "'orderedAt':'2026-11-27T10:00:00Z','currencyCode':'EUR','price':99,'paymentType':'Cash',"
                + "'contact':{'identifiers':[{'provider':'crm','id':'CAT-1'}],'firstName':'Cat','lastName':'Byrne'},"
                + "'orderItems':[{'type':'FLIGHT','productId':'DUB-LHR','name':'Dublin - London','description':'Economy',"
                + "'vendor':'EI','price':99,'currencyCode':'EUR','referenceId':'I-1','status':'CONFIRMED'" + typeCodes
                + ",'flightSegments':[" + segment + "]}],'consumers':[" + consumers + "]}";
    }

    static final String PASSENGER = "{'firstName':'Cat','lastName':'Byrne','orderItems':[{'referenceId':'I-1'}]}";
    static final String SEGMENT_AT = "value.orderItems[0].flightSegments[0].";

    static List<Line> flightLines() {
        List<Line> lines = new ArrayList<>();
        lines.add(line("a flight booking",
                Lines.line("flight", "order", "insert", flight("PNR-CAT", SEGMENT, ",'consumerTypeCode':'ADT'",
                        PASSENGER)),
                null));
        lines.add(line("a consumer naming an item the order does not have",
                Lines.line("unknownitem", "order", "insert",
                        flight("PNR-X1", SEGMENT, "", PASSENGER.replace("'I-1'", "'I-9'"))),
                "unknownitem|400|" + VALIDATION
                        + "|value.consumers[0].orderItems[0].referenceId: \"I-9\" names no item of this order"
                        + " (orderItems[].referenceId)"));
        lines.add(line("a consumer with no identity at all",
                Lines.line("noconsumerid", "order", "insert",
                        flight("PNR-X2", SEGMENT, "", "{'title':'Mr','orderItems':[{'referenceId':'I-1'}]}")),
                "noconsumerid|400|Identity information missing|value.consumers[0]: no identifiers, no email, and not both"
                        + " firstName and lastName"));
        lines.add(line("a flight segment with a lower-case airport code",
                Lines.line("airport", "order", "insert", flight("PNR-X3", SEGMENT.replace("'DUB'", "'dub'"), "", PASSENGER)),
                "airport|400|" + VALIDATION + "|"
                        + SEGMENT_AT + "origin: must be an IATA airport or city code (3 upper-case letters), got \"dub\""));
        lines.add(line("a flight segment with a three-letter airline code",
                Lines.line("airline", "order", "insert",
                        flight("PNR-X4", SEGMENT.replace("'carrier':'EI'", "'carrier':'EIN'"), "", PASSENGER)),
                "airline|400|"
                        + VALIDATION + "|" + SEGMENT_AT
                        + "carrier: must be an IATA airline code (2 upper-case letters or digits), got \"EIN\""));
        lines.add(line("a flight time with an offset", Lines.line("offset", "order", "insert", flight("PNR-X5",
                SEGMENT.replace("2026-12-15T07:00Z", "2026-12-15T07:00+00:00"), "", PASSENGER)), "offset|400|" + VALIDATION
                        + "|" + SEGMENT_AT + "departureDateTime: must be a local date-time with a trailing Z, minutes or"
                        + " seconds precision, e.g. 2025-08-15T16:00Z, got \"2026-12-15T07:00+00:00\""));
        lines.add(
                line("consumerTypeCode and passengerTypeCode both",
                        Lines.line("typecodes", "order", "insert", flight("PNR-X6", SEGMENT,
                                ",'consumerTypeCode':'ADT','passengerTypeCode':'ADT'", PASSENGER)),
                        "typecodes|400|" + VALIDATION
                                + "|value.orderItems[0].passengerTypeCode: passengerTypeCode and consumerTypeCode are synonyms,"
                                + " give only one of them"));
        lines.add(line("an upsert that changes the consumers of a booking", Lines.line("upsertconsumers", "order", "upsert",
                "{'referenceId':'PNR-CAT','orderItems':[{'type':'FLIGHT','productId':'DUB-LHR','name':'Dublin - London',"
                        + "'description':'Economy','vendor':'EI','price':99,'currencyCode':'EUR','referenceId':'I-1',"
                        + "'status':'CONFIRMED'}],'consumers':[" + PASSENGER + "]}"),
                "upsertconsumers|400|" + VALIDATION + "|value.consumers: an upsert of an existing order cannot change its"
                        + " consumers (insert the order to replace it whole)"));
        lines.add(line("an upsert that changes the flight segments of a booking", Lines.line("upsertsegments", "order",
                "upsert",
                "{'referenceId':'PNR-CAT','orderItems':[{'type':'FLIGHT','productId':'DUB-LHR','name':'Dublin - London',"
                        + "'description':'Economy','vendor':'EI','price':99,'currencyCode':'EUR','referenceId':'I-1',"
                        + "'status':'CONFIRMED','flightSegments':[" + SEGMENT + "]}]}"),
                "upsertsegments|400|" + VALIDATION + "|value.orderItems[0].flightSegments: an upsert of an existing order"
                        + " cannot change its flight segments (insert the order to replace it whole)"));
        return lines;
    }

    static List<Line> badLines() {
        byte[] prefix = "{\"ref\":\"utf8\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"firstName\":\"".getBytes(
                StandardCharsets.UTF_8);
        List<Line> lines = new ArrayList<>();
        lines.add(
                line("a valid record before the bad ones", Lines.guest("first-ok").email("first@example.com").upsert(), null));
        lines.add(new Line("invalid UTF-8", concat(prefix, new byte[] { (byte) 0xC3, (byte) 0x28, '"', '}', '}' }),
                "null|400|" + PARSE + "|not valid UTF-8 at byte " + (prefix.length + 1)));
        lines.add(new Line("a NUL byte", concat(prefix, new byte[] { 'a', 0, 'b', '"', '}', '}' }),
                "null|400|" + PARSE + "|a NUL byte at byte " + (prefix.length + 2)));
        lines.add(line("deeply nested JSON", "{\"ref\":\"deep\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":"
                + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}", "null|400|" + PARSE + "|nested deeper than 32 levels"));
        lines.add(line("a 5 MB line",
                Lines.guest("huge").email("huge@example.com").fields("\"firstName\":\"" + "x".repeat(5 * 1024 * 1024) + "\"")
                        .upsert(),
                "null|400|" + PARSE + "|the line is longer than the limit of 1048576 bytes"));
        lines.add(line("not JSON", "hello world",
                "null|400|" + PARSE + "|not valid JSON at column 1: Unrecognized token 'hello': was expecting " + JSON_VALUE));
        lines.add(line("a JSON array", "[1,2,3]", "null|400|" + PARSE + "|not a JSON object: found an array"));
        lines.add(line("a pretty-printed record's first line", "{", "null|400|" + PARSE
                + "|not valid JSON: the line ends before the JSON object is complete"));
        lines.add(line("duplicate keys", "{\"ref\":\"dup\",\"ref\":\"dup2\",\"schema\":\"guest\",\"mode\":\"upsert\","
                + "\"value\":{\"email\":\"dup@example.com\"}}",
                "null|400|" + PARSE + "|duplicate attribute \"ref\" (its second value starts at column 20)"));
        lines.add(line("a number longer than 100 digits",
                Lines.guest("longnum").email("longnum@example.com").fields("\"extensions\":[{\"name\":\"ext\","
                        + "\"key\":\"default\",\"points\":" + "9".repeat(101) + "}]").upsert(),
                "null|400|" + PARSE
                        + "|a number longer than 100 characters"));
        lines.add(line("a number out of the double range",
                Lines.guest("overflow").email("overflow@example.com")
                        .json("extensions", "[{'name':'ext','key':'default','points':1e400}]").upsert(),
                "overflow|400|" + VALIDATION
                        + "|value.extensions[0].points: out of range (at most 38 digits before and 38 after the decimal point), got 1E+400"));
        lines.add(line("unknown schema", "{\"ref\":\"schema\",\"schema\":\"customer\",\"mode\":\"upsert\",\"value\":{}}",
                "schema|402|Unsupported mode|schema: unknown schema \"customer\" (expected guest, order, migration)"));
        lines.add(line("schema of the wrong type", "{\"ref\":\"schematype\",\"schema\":1,\"mode\":\"upsert\",\"value\":{}}",
                "schematype|402|Unsupported mode|schema: must be a string, got number"));
        lines.add(line("unsupported mode", "{\"ref\":\"mode\",\"schema\":\"guest\",\"mode\":\"insert\",\"value\":{}}",
                "mode|402|Unsupported mode|mode: schema \"guest\" has no mode \"insert\" (expected upsert, delete, gdpr_delete)"));
        lines.add(line("value of the wrong type", "{\"ref\":\"valuetype\",\"schema\":\"guest\",\"mode\":\"upsert\","
                + "\"value\":\"a@b.com\"}", "valuetype|400|" + VALIDATION + "|value: must be an object, got string"));
        lines.add(line("no identity",
                Lines.guest("noid").firstName("A").upsert(),
                "noid|400|Identity information missing|value: no identifiers and no email"));
        lines.add(line("string field given a number", Lines.guest("str").email("str@example.com").set("firstName", 12).upsert(),
                "str|400|" + VALIDATION + "|value.firstName: must be a string, got number"));
        lines.add(line("enum field given a number", Lines.guest("enum").email("enum@example.com").set("gender", 1).upsert(),
                "enum|400|" + VALIDATION + "|value.gender: must be a string, got number"));
        lines.add(line("enum field given an unknown word",
                Lines.guest("enumword").email("enumword@example.com").set("gender", "Male").upsert(),
                "enumword|400|" + VALIDATION + "|value.gender: must be one of male, female, unknown, got \"Male\""));
        lines.add(line("e-mail given a number", Lines.guest("mail").set("email", 42).upsert(),
                "mail|400|" + VALIDATION + "|value.email: must be a string, got number"));
        lines.add(line("malformed e-mail", Lines.guest("mail2").email("ann@@example.com").upsert(),
                "mail2|400|" + VALIDATION + "|value.email: not a valid e-mail address"));
        lines.add(line("array field given a string",
                Lines.guest("arr").email("arr@example.com").set("phoneNumbers", "+44 1").upsert(),
                "arr|400|" + VALIDATION + "|value.phoneNumbers: must be an array, got string"));
        lines.add(line("array element of the wrong type",
                Lines.guest("arrel").email("arrel@example.com").json("street", "['1 Main St',7]").upsert(),
                "arrel|400|" + VALIDATION + "|value.street[1]: must be a string, got number"));
        lines.add(
                line("country given a number", Lines.guest("country").email("country@example.com").set("country", 44).upsert(),
                        "country|400|" + VALIDATION + "|value.country: must be a string, got number"));
        lines.add(line("unknown country code",
                Lines.guest("country2").email("country2@example.com").set("country", "XX").upsert(),
                "country2|400|" + VALIDATION + "|value.country: not an ISO 3166-1 alpha-2 country code, got \"XX\""));
        lines.add(line("date-time given a number",
                Lines.guest("dtnum").email("dtnum@example.com").json("lastSeen", "1700000000").upsert(),
                "dtnum|400|" + VALIDATION + "|value.lastSeen: must be a string (ISO-8601 date-time), got number"));
        lines.add(line("dateOfBirth in the future",
                Lines.guest("future").email("future@example.com").set("dateOfBirth", "2085-12-24T00:00Z").upsert(),
                "future|400|" + VALIDATION + "|value.dateOfBirth: must be in the past, got \"2085-12-24T00:00Z\""));
        lines.add(line("dateOfBirth malformed",
                Lines.guest("dob").email("dob@example.com").set("dateOfBirth", "24/12/1985").upsert(),
                "dob|400|" + VALIDATION + "|value.dateOfBirth: must be " + DATE_TIME + ", got \"24/12/1985\""));
        lines.add(line("date-time that does not exist",
                Lines.guest("feb29").email("feb29@example.com").set("firstSeen", "2023-02-29T00:00Z").upsert(),
                "feb29|400|" + VALIDATION + "|value.firstSeen: must be " + DATE_TIME + ", got \"2023-02-29T00:00Z\""));
        lines.add(line("identifiers given an object",
                Lines.guest("ids").json("identifiers", "{'provider':'p','id':'1'}").upsert(),
                "ids|400|" + VALIDATION + "|value.identifiers: must be an array, got object"));
        lines.add(line("identifier id of the wrong type",
                Lines.guest("idtype").json("identifiers", "[{'provider':'p','id':7}]").upsert(),
                "idtype|400|" + VALIDATION + "|value.identifiers[0].id: must be a string, got number"));
        lines.add(line("subscriptions given an object",
                Lines.guest("subs").email("subs@example.com").json("subscriptions", "{}").upsert(),
                "subs|400|" + VALIDATION + "|value.subscriptions: must be an array, got object"));
        lines.add(line("extensions given an object",
                Lines.guest("ext").email("ext@example.com").json("extensions", "{'name':'ext'}").upsert(),
                "ext|400|" + VALIDATION + "|value.extensions: must be an array, got object"));
        lines.add(line("extension attribute of the wrong type",
                Lines.guest("extval").email("extval@example.com")
                        .json("extensions", "[{'name':'ext','key':'default','nested':{'a':1}}]").upsert(),
                "extval|400|" + VALIDATION
                        + "|value.extensions[0].nested: must be a string, boolean or number, got object"));
        lines.add(line("unknown attribute",
                Lines.guest("unknown").email("unknown@example.com").set("favouriteColour", "blue").upsert(),
                "unknown|400|" + VALIDATION + "|value.favouriteColour: unknown attribute"));
        lines.add(line("order price of the wrong type", Lines.order("price").referenceId("o-1").set("price", "ten").insert(),
                "price|400|" + VALIDATION + "|value.price: must be a number, got string"));
        lines.add(line("a delete without identity", Lines.guest("del").delete(),
                "del|400|Not Enough Identifying Info|value: no identifiers and no email"));
        lines.addAll(flightLines());
        lines.add(line("a valid record after the bad ones", Lines.guest("last-ok").email("last@example.com").upsert(), null));
        return lines;
    }

    @Order(6)
    @Test
    void badRecordsFailOneByOneAndTheRestIsApplied() {
        List<Line> lines = badLines();
        var file = new ByteArrayOutputStream();
        for (Line line : lines) {
            file.writeBytes(line.bytes());
            file.write('\n');
        }
        String ref = Batches.upload(tenant, TestFiles.gzip(file.toByteArray()));

        JsonPath done = Batches.awaitTerminal(tenant, ref, java.time.Duration.ofSeconds(120));

        long failing = lines.stream().filter(l -> l.expected() != null).count();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).expected() != null) {
                expected.add((i + 1) + "|" + lines.get(i).expected());
            }
        }
        List<String> actual = Batches.gunzipLines(Uploads.get(done.getString("status.log"))).stream().map(JsonPath::new)
                .map(l -> l.getInt("line") + "|" + l.getString("ref") + "|" + l.getString("code") + "|" + l.getString("message")
                        + "|" + l.getString("detail"))
                .toList();
        if (expected.stream().anyMatch(e -> e.contains("TBD"))) {
            actual.forEach(a -> System.out.println("CATALOGUE line " + a));
        }
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(done.getString("status.code")).isEqualTo("error");
        assertThat(done.getLong("status.summary.totalCount")).isEqualTo(lines.size());
        assertThat(done.getLong("status.summary.failedCount")).isEqualTo(failing);
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(lines.size() - failing);
    }

    // --- 7. Afterwards ---------------------------------------------------------------------------

    @Order(100)
    @Test
    void afterTheCatalogueTheServiceIsHealthyAndANormalBatchSucceeds() {
        Management.given().when().get("/q/health/ready").then().statusCode(200);
        String ref = Batches.uploadLines(tenant, List.of(Lines.guest("after-1").email("after1@example.com").upsert(),
                Lines.guest("after-2").email("after2@example.com").upsert()));
        JsonPath done = Batches.awaitTerminal(tenant, ref);
        assertThat(done.getString("status.code")).isEqualTo("success");
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(2);
        tenant.given().when().get("/v2/batches/inspect").then().statusCode(200);
    }

    static byte[] repeat(byte b, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, b);
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
