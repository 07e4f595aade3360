package io.cdpbatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The failed records' original lines (status.failedRecords) and the error
 * summary (status.summary.errors), through real uploads.
 */
@QuarkusTest
@ApiTest
class FailedRecordsTest {

    static final int MAX_LINE = 1024 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();

    Tenants tenant;

    @Test
    void failedRecordsAreTheOriginalLinesAndReproduceTheFailuresWhenUploadedAgain() throws IOException {
        // two existing guests, so that a record naming both is an identity conflict
        String setup = Batches.uploadLines(tenant,
                List.of(Lines.guest("a").identifier("crm", "A").upsert(), Lines.guest("b").identifier("crm", "B").upsert()));
        assertThat(Batches.awaitTerminal(tenant, setup).getString("status.code")).isEqualTo("success");

        String badEmail = Lines.guest("r1").identifier("crm", "e-1").email("not-an-address").upsert();
        String conflict = Lines.guest("r6").identifier("crm", "A").identifier("crm", "B").upsert();
        String tooLong = "{\"ref\":\"long\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"identifiers\":[{\"provider\":"
                + "\"crm\",\"id\":\"L\"}],\"firstName\":\"" + "y".repeat(MAX_LINE + 10) + "\"}}";
        byte[] invalidUtf8 = concat("{\"ref\":\"u8\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"firstName\":\"",
                new byte[] { (byte) 0xc3, (byte) 0x28 }, "\"}}");
        String badGender = Lines.guest("r5").identifier("crm", "e-5").set("gender", "sometimes").upsert();
        String noIdentity = Lines.guest("r10").firstName("Nobody").upsert();
        var file = new ByteArrayOutputStream();
        file.writeBytes(concat("\uFEFF" + badEmail + "\r\n")); // 1: BOM, CRLF, validation error
        file.writeBytes(concat(Lines.guest("ok-1").identifier("crm", "ok-1").upsert() + "\n")); // 2
        file.writeBytes(concat("not json at all\n")); // 3
        file.writeBytes(concat("\r\n")); // 4: blank
        file.writeBytes(concat(badGender + "\r\n")); // 5
        file.writeBytes(concat(conflict + "\n")); // 6: identity conflict
        file.writeBytes(concat(tooLong + "\n")); // 7: over the line limit
        file.writeBytes(invalidUtf8); // 8: invalid UTF-8
        file.write('\n');
        file.writeBytes(concat(Lines.guest("ok-2").identifier("crm", "ok-2").upsert() + "\n")); // 9
        file.writeBytes(concat(noIdentity)); // 10: no terminator
        String ref = Batches.upload(tenant, TestFiles.gzip(file.toByteArray()));

        JsonPath done = Batches.awaitTerminal(tenant, ref);

        assertThat(done.getString("status.code")).isEqualTo("error");
        assertThat(done.getLong("status.summary.failedCount")).isEqualTo(7);
        String url = done.getString("status.failedRecords");
        assertThat(url).contains(tenant.clientKey() + "/" + ref + "/failed-records.json.gz");
        byte[] failedGz = Uploads.get(url);
        var expected = new ByteArrayOutputStream();
        for (byte[] line : List.of(concat(badEmail), concat("not json at all"), concat(badGender), concat(conflict),
                concat(tooLong), invalidUtf8, concat(noIdentity))) {
            expected.writeBytes(line);
            expected.write('\n');
        }
        assertThat(gunzip(failedGz)).isEqualTo(expected.toByteArray());
        List<JsonPath> log = log(done);
        assertThat(log).extracting(l -> l.getInt("line")).containsExactly(1, 3, 5, 6, 7, 8, 10);
        assertThat(log.get(3).getString("code")).isEqualTo("409");
        // the plain status route and the list show the same links
        assertThat(Batches.status(tenant, ref).getString("status.failedRecords")).contains("/failed-records.json.gz");
        JsonPath list = tenant.given().when().get("/v2/batches/inspect?status=error").then().statusCode(200).extract()
                .jsonPath();
        assertThat(list.getString("items[0].ref")).isEqualTo(ref);
        assertThat(list.getString("items[0].failedRecords")).contains("/failed-records.json.gz");
        assertThat(list.getString("items[0].summary.errors")).as("the list leaves the error summary out").isNull();

        // uploading the file as it is reproduces the same failures, now at lines 1..7
        String again = Batches.upload(tenant, failedGz);
        JsonPath redone = Batches.awaitTerminal(tenant, again);
        assertThat(redone.getLong("status.summary.totalCount")).isEqualTo(7);
        assertThat(redone.getLong("status.summary.succeededCount")).isZero();
        assertThat(redone.getLong("status.summary.failedCount")).isEqualTo(7);
        assertThat(log(redone)).extracting(FailedRecordsTest::outcome)
                .containsExactlyElementsOf(log.stream().map(FailedRecordsTest::outcome).toList());
        assertThat(log(redone)).extracting(l -> l.getInt("line")).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(gunzip(Uploads.get(redone.getString("status.failedRecords")))).isEqualTo(expected.toByteArray());
        assertThat(countsOf(redone)).isEqualTo(countsOf(done));

        // fixing one line makes that line succeed
        String fixed = new String(gunzip(failedGz), StandardCharsets.ISO_8859_1)
                .replace("not-an-address", "fixed@example.com");
        String third = Batches.upload(tenant, TestFiles.gzip(fixed.getBytes(StandardCharsets.ISO_8859_1)));
        JsonPath fixedDone = Batches.awaitTerminal(tenant, third);
        assertThat(fixedDone.getLong("status.summary.succeededCount")).isEqualTo(1);
        assertThat(fixedDone.getLong("status.summary.failedCount")).isEqualTo(6);
        assertThat(log(fixedDone)).extracting(l -> l.getInt("line")).containsExactly(2, 3, 4, 5, 6, 7);
    }

    @Test
    void errorSummaryCountsEveryCodeAndMessageOfTheLogWithTheFirstLinesAsSamples() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(Lines.guest("ok").identifier("crm", "ok").upsert());
        for (int i = 1; i <= 12; i++) {
            lines.add(i % 3 == 0 ? "broken " + i
                    : Lines.guest("v" + i).identifier("crm", "v" + i).fields("\"email\":\"bad-" + i + "\"").upsert());
        }
        lines.add("{\"ref\":\"m\",\"schema\":\"guest\",\"mode\":\"insert\",\"value\":{}}");
        String ref = Batches.uploadLines(tenant, lines);

        JsonPath done = Batches.awaitTerminal(tenant, ref);

        assertThat(done.getLong("status.summary.failedCount")).isEqualTo(13);
        List<Map<String, Object>> errors = done.getList("status.summary.errors");
        assertThat(errors).extracting(e -> e.get("code") + "|" + e.get("message") + "|" + e.get("count")).containsExactly(
                "400|Validation error|8", "400|Failed to parse import line|4", "402|Unsupported mode|1");
        assertThat(countsOf(done)).isEqualTo(logCounts(done));
        // samples: the first five failing lines of each kind, in file order, as the log has them
        List<JsonPath> log = log(done);
        for (Map<String, Object> error : errors) {
            List<JsonPath> ofKind = log.stream().filter(l -> l.getString("code").equals(error.get("code"))
                    && l.getString("message").equals(error.get("message"))).limit(5).toList();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> samples = (List<Map<String, Object>>) error.get("samples");
            assertThat(samples).extracting(s -> s.get("line") + "|" + s.get("ref") + "|" + s.get("detail"))
                    .containsExactlyElementsOf(ofKind.stream()
                            .map(l -> l.getInt("line") + "|" + l.getString("ref") + "|" + l.getString("detail")).toList());
        }
        assertThat(done.getList("status.summary.errors[0].samples.line")).containsExactly(2, 3, 5, 6, 8);
        assertThat(done.getString("status.summary.errors[0].samples[0].detail")).startsWith("value.email");
        assertThat(done.getList("status.summary.errors[1].samples.ref")).containsOnly("null");
    }

    @Test
    void aCleanBatchHasNeitherFailedRecordsNorAnErrorSummaryAndNeitherHasAnUnreadableFile() {
        String clean = Batches.uploadLines(tenant, List.of(Lines.guest("ok").identifier("crm", "clean").upsert()));
        String notGzip = Batches.upload(tenant,
                Lines.guest("x").identifier("crm", "plain").upsert().getBytes(StandardCharsets.UTF_8));
        assertThat(Batches.awaitTerminal(tenant, clean).getString("status.code")).isEqualTo("success");
        assertThat(Batches.awaitTerminal(tenant, notGzip).getString("status.code")).isEqualTo("error");

        for (String ref : List.of(clean, notGzip)) {
            for (String route : List.of("/v2/batches/{ref}", "/v2/batches/inspect/{ref}")) {
                String body = tenant.given().when().get(route, ref).then().statusCode(200).extract().asString();
                // clients of the original API see nothing new
                assertThat(body).doesNotContain("failedRecords").doesNotContain("errors").doesNotContain("\"log\"");
            }
        }
    }

    @Test
    void twentyThousandFailuresAreCountedExactlyAndCopiedInOrder() throws IOException {
        // lines 10,000, 20,000 and 20,003 succeed; of the other multiples of 4 (4,998) the identity is
        // missing; the remaining 15,002 have an invalid e-mail: 20,000 failures
        List<String> lines = new ArrayList<>();
        var expected = new ByteArrayOutputStream();
        for (int i = 1; i <= 20_003; i++) {
            String line;
            if (i % 10_000 == 0 || i == 20_003) {
                line = Lines.guest("ok" + i).identifier("crm", "ok" + i).upsert();
            } else if (i % 4 == 0) {
                line = "{\"ref\":\"n" + i + "\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"city\":\"" + i + "\"}}";
            } else {
                line = Lines.guest("v" + i).identifier("crm", "v" + i).fields("\"email\":\"bad-" + i + "\"").upsert();
            }
            lines.add(line);
            if (!line.contains("\"ok")) {
                expected.writeBytes(concat(line + "\n"));
            }
        }
        String ref = Batches.uploadLines(tenant, lines);

        JsonPath done = Batches.awaitTerminal(tenant, ref, Duration.ofSeconds(120));

        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(3);
        assertThat(done.getLong("status.summary.failedCount")).isEqualTo(20_000);
        assertThat(done.getList("status.summary.errors")).hasSize(2);
        assertThat(done.getString("status.summary.errors[0].message")).isEqualTo("Validation error");
        assertThat(done.getLong("status.summary.errors[0].count")).isEqualTo(15_002);
        assertThat(done.getList("status.summary.errors[0].samples.line")).containsExactly(1, 2, 3, 5, 6);
        assertThat(done.getString("status.summary.errors[1].message")).isEqualTo("Identity information missing");
        assertThat(done.getLong("status.summary.errors[1].count")).isEqualTo(4_998);
        assertThat(done.getList("status.summary.errors[1].samples.line")).containsExactly(4, 8, 12, 16, 20);
        assertThat(countsOf(done)).isEqualTo(logCounts(done));
        assertThat(gunzip(Uploads.get(done.getString("status.failedRecords")))).isEqualTo(expected.toByteArray());
    }

    @Test
    void aFileThatBreaksPartWayHasTheFailedLinesReadBeforeTheBreak() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 3000; i++) {
            lines.add(i % 100 == 7 ? "broken " + i
                    : Lines.guest("t" + i).identifier("crm", "t-" + i).fields("\"city\":\"" + "x".repeat(i % 50) + i + "\"")
                            .upsert());
        }
        byte[] full = TestFiles.ndjsonGz(lines);
        String ref = Batches.upload(tenant, java.util.Arrays.copyOf(full, full.length * 2 / 3));

        JsonPath done = Batches.awaitTerminal(tenant, ref);

        assertThat(done.getString("status.message")).startsWith("The gzip stream is truncated");
        List<JsonPath> log = log(done);
        assertThat(log).isNotEmpty();
        var expected = new ByteArrayOutputStream();
        for (JsonPath line : log) {
            expected.writeBytes(concat(lines.get(line.getInt("line") - 1) + "\n"));
        }
        assertThat(log.get(log.size() - 1).getInt("line")).isLessThan((int) done.getLong("status.summary.totalCount") + 1);
        assertThat(gunzip(Uploads.get(done.getString("status.failedRecords")))).isEqualTo(expected.toByteArray());
        assertThat(done.getLong("status.summary.errors[0].count")).isEqualTo(log.size());
    }

    @Test
    void anotherTenantCannotReachTheFailedRecords() {
        String ref = Batches.uploadLines(tenant, List.of("not json"));
        JsonPath done = Batches.awaitTerminal(tenant, ref);
        assertThat(done.getString("status.failedRecords")).isNotNull();

        Tenants other = Tenants.create();
        other.given().when().get("/v2/batches/{ref}", ref).then().statusCode(404);
        other.given().when().get("/v2/batches/inspect/{ref}", ref).then().statusCode(404);
        assertThat(other.given().when().get("/v2/batches/inspect").then().statusCode(200).extract().asString())
                .doesNotContain(ref);
    }

    static String outcome(JsonPath line) {
        return line.getString("ref") + "|" + line.getString("code") + "|" + line.getString("message") + "|"
                + line.getString("detail");
    }

    static List<JsonPath> log(JsonPath batch) {
        return Batches.gunzipLines(Uploads.get(batch.getString("status.log"))).stream().map(JsonPath::new).toList();
    }

    /** code|message -> count, from the error summary. */
    static Map<String, Long> countsOf(JsonPath batch) {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<Map<String, Object>> errors = batch.getList("status.summary.errors");
        for (Map<String, Object> error : errors) {
            counts.put(error.get("code") + "|" + error.get("message"), ((Number) error.get("count")).longValue());
        }
        return counts;
    }

    /** code|message -> count, from the error log, most frequent first (Jackson: JsonPath is slow on 20,000 lines). */
    static Map<String, Long> logCounts(JsonPath batch) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String text : Batches.gunzipLines(Uploads.get(batch.getString("status.log")))) {
            JsonNode line = JSON.readTree(text);
            counts.merge(line.path("code").asText() + "|" + line.path("message").asText(), 1L, Long::sum);
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long> comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    static byte[] concat(Object... parts) {
        var out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] bytes ? bytes : ((String) part).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
