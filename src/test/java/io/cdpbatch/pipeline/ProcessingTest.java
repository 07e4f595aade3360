package io.cdpbatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.storage.ObjectKeys;
import io.cdpbatch.storage.ObjectStorage;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Sql;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@ApiTest
class ProcessingTest {

    @Inject
    ObjectStorage storage;

    @Inject
    AgroalDataSource dataSource;

    Tenants tenant;

    @Test
    void threeValidGuestsSucceed() throws SQLException {
        String ref = Batches.uploadLines(tenant, List.of(
                Lines.guest("r1").identifier("crm", "g-1").firstName("Ada").email("Ada@Example.com").set("country", "gb")
                        .upsert(),
                Lines.guest("r2").identifier("crm", "g-2").lastName("Hopper").set("gender", "female")
                        .json("phoneNumbers", "['+1 555']").upsert(),
                Lines.guest("r3").identifier("crm", "g-3")
                        .json("extensions", "[{'name':'ext','key':'default','loyaltyTier':'gold','points':12}]").upsert()));

        JsonPath done = Batches.awaitTerminal(tenant, ref);

        assertThat(done.getString("status.code")).isEqualTo("success");
        assertThat(done.getLong("status.summary.totalCount")).isEqualTo(3);
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(3);
        assertThat(done.getLong("status.summary.failedCount")).isZero();
        assertThat(done.getLong("status.summary.timeToProcessMs")).isGreaterThanOrEqualTo(0);
        assertThat(done.getString("status.log")).isNull();
        assertThat(done.getString("status.message")).isNull();

        assertThat(guestColumns("crm", "g-1", "first_name", "email", "country"))
                .containsExactly("Ada", "ada@example.com", "GB");
        assertThat(guestColumns("crm", "g-2", "last_name", "gender", "phone_numbers[1]"))
                .containsExactly("Hopper", "female", "+1 555");
        assertThat(extension("crm", "g-3", "ext")).isEqualTo("{\"points\": 12, \"loyaltyTier\": \"gold\"}");
        // the plain route shows the same terminal status
        assertThat(Batches.status(tenant, ref).getString("status.code")).isEqualTo("success");
    }

    @Test
    void failedRecordsGoToTheErrorLogInFileOrder() throws SQLException {
        String ref = Batches.uploadLines(tenant, List.of(
                Lines.guest("ok-1").identifier("crm", "e-1").firstName("One").upsert(),
                "not json at all",
                "{",
                "  \"ref\": \"pretty\",",
                "}",
                "{\"ref\":\"r6\",\"schema\":\"planet\",\"mode\":\"upsert\",\"value\":{}}",
                "{\"ref\":\"r7\",\"schema\":\"guest\",\"mode\":\"insert\",\"value\":{\"email\":\"a@example.com\"}}",
                Lines.guest("r8").firstName("Nobody").upsert(),
                Lines.guest("r9").identifier("crm", "e-9").email("not-an-address").upsert(),
                Lines.guest("r10").identifier("crm", "e-10").json("extensions", "[{'name':'ext9','key':'default','a':1}]")
                        .upsert(),
                Lines.guest("ok-2").email("two@example.com").upsert()));

        JsonPath done = Batches.awaitTerminal(tenant, ref);

        assertThat(done.getString("status.code")).isEqualTo("error");
        assertThat(done.getLong("status.summary.totalCount")).isEqualTo(11);
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(2);
        assertThat(done.getLong("status.summary.failedCount")).isEqualTo(9);
        String logUrl = done.getString("status.log");
        assertThat(logUrl).contains(tenant.clientKey() + "/" + ref + "/errors.json.gz");

        List<JsonPath> log = Batches.gunzipLines(Uploads.get(logUrl)).stream().map(JsonPath::new).toList();
        assertThat(log).extracting(l -> l.getString("ref") + "|" + l.getString("code") + "|" + l.getString("message") + "|"
                + l.getInt("line")).containsExactly(
                        "null|400|Failed to parse import line|2",
                        "null|400|Failed to parse import line|3",
                        "null|400|Failed to parse import line|4",
                        "null|400|Failed to parse import line|5",
                        "r6|402|Unsupported mode|6",
                        "r7|402|Unsupported mode|7",
                        "r8|400|Identity information missing|8",
                        "r9|400|Validation error|9",
                        "r10|400|Validation error|10");
        // code is a JSON string, as in the original logs
        assertThat(new String(Batches.gunzipLines(Uploads.get(logUrl)).get(0))).contains("\"code\":\"400\"");
        assertThat(log.get(7).getString("detail")).contains("value.email");
        assertThat(log.get(8).getString("detail")).contains("ext9");

        assertThat(guestColumns("crm", "e-1", "first_name")).containsExactly("One");
        assertThat(countGuestsByEmail("two@example.com")).isEqualTo(1);
        assertThat(countGuestsByIdentifier("crm", "e-9")).isZero();
        // the log URL comes with every read
        assertThat(Batches.inspect(tenant, ref).getString("status.log")).isNotBlank();
    }

    @Test
    void declaredSizeDifferentFromTheObjectIsCorrupted() throws SQLException {
        byte[] file = TestFiles.ndjsonGz(List.of(Lines.guest("c1").identifier("crm", "c-size").upsert()));
        String ref = UUID.randomUUID().toString();
        String url = Batches.allocate(tenant, ref, TestFiles.md5Hex(file), file.length + 10);
        // the upload URL refuses another length; an object that got there by other means is judged by its size
        assertThat(Uploads.put(url, file).status()).isEqualTo(403);
        Uploads.storeDirectly(tenant.clientKey(), ref, file);

        JsonPath done = Batches.awaitTerminal(tenant, ref);

        assertThat(done.getString("status.code")).isEqualTo("corrupted");
        assertThat(done.getString("status.message"))
                .isEqualTo("The size differs: declared " + (file.length + 10) + " bytes, the object has " + file.length
                        + " bytes");
        assertThat(done.getString("status.summary")).isNull();
        assertThat(countGuestsByIdentifier("crm", "c-size")).isZero();
    }

    @Test
    void objectWithAnotherMd5WrittenStraightToTheStoreIsCorrupted() throws SQLException {
        byte[] declared = TestFiles.ndjsonGz(List.of(Lines.guest("c1").identifier("crm", "c-md5-a").upsert()));
        byte[] actual = TestFiles.ndjsonGz(List.of(Lines.guest("c1").identifier("crm", "c-md5-b").upsert()));
        assertThat(actual.length).isEqualTo(declared.length);
        String ref = UUID.randomUUID().toString();
        Batches.allocate(tenant, ref, TestFiles.md5Hex(declared), declared.length);
        storage.put(ObjectKeys.upload(tenant.clientKey(), UUID.fromString(ref)), actual, "application/gzip");

        JsonPath done = Batches.awaitTerminal(tenant, ref);

        assertThat(done.getString("status.code")).isEqualTo("corrupted");
        assertThat(done.getString("status.message")).isEqualTo("The MD5 differs: declared " + TestFiles.md5Hex(declared)
                + ", the object's bytes have " + TestFiles.md5Hex(actual));
        assertThat(countGuestsByIdentifier("crm", "c-md5-a") + countGuestsByIdentifier("crm", "c-md5-b")).isZero();
    }

    @Test
    void fileThatIsNotGzipEndsInErrorWithoutLog() {
        String ref = Batches.upload(tenant,
                Lines.guest("x").identifier("crm", "plain").upsert().getBytes(StandardCharsets.UTF_8));

        JsonPath done = Batches.awaitTerminal(tenant, ref);

        assertThat(done.getString("status.code")).isEqualTo("error");
        assertThat(done.getString("status.log")).isNull();
        assertThat(done.getString("status.message"))
                .isEqualTo("The file is not gzip: it does not start with the gzip signature 1f 8b");
        assertThat(done.getLong("status.summary.totalCount")).isZero();
    }

    @Test
    void truncatedGzipEndsInErrorAndKeepsWhatWasApplied() throws SQLException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            lines.add(Lines.guest("t" + i).identifier("trunc-" + tenant.clientKey(), "t-" + i)
                    .fields("\"city\":\"" + "x".repeat(i % 50) + i + "\"").upsert());
        }
        byte[] full = TestFiles.ndjsonGz(lines);
        byte[] truncated = Arrays.copyOf(full, full.length * 2 / 3);
        String ref = Batches.upload(tenant, truncated);

        JsonPath done = Batches.awaitTerminal(tenant, ref);

        assertThat(done.getString("status.code")).isEqualTo("error");
        assertThat(done.getString("status.message")).startsWith("The gzip stream is truncated: reading stopped after line ")
                .endsWith("; records after it were not read");
        long total = done.getLong("status.summary.totalCount");
        assertThat(total).isBetween(1L, 2999L);
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(total);
        assertThat(countGuestsByProvider("trunc-" + tenant.clientKey())).isEqualTo(total);
    }

    @Test
    void crlfBomBlankLinesAndAnOverlongLine() throws SQLException {
        var text = new StringBuilder();
        text.append('\uFEFF').append(Lines.guest("b1").identifier("crm", "bom-1").upsert()).append("\r\n");
        text.append("\r\n");
        text.append("   \n");
        text.append("{\"ref\":\"long\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"firstName\":\"")
                .append("y".repeat(1024 * 1024 + 10)).append("\"}}\r\n");
        text.append(Lines.guest("b2").identifier("crm", "bom-2").firstName("After").upsert()); // no terminator on the last line
        String ref = Batches.upload(tenant, TestFiles.gzip(text.toString().getBytes(StandardCharsets.UTF_8)));

        JsonPath done = Batches.awaitTerminal(tenant, ref);

        assertThat(done.getString("status.code")).isEqualTo("error");
        assertThat(done.getLong("status.summary.totalCount")).isEqualTo(3);
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(2);
        assertThat(done.getLong("status.summary.failedCount")).isEqualTo(1);
        List<JsonPath> log = Batches.gunzipLines(Uploads.get(done.getString("status.log"))).stream().map(JsonPath::new)
                .toList();
        assertThat(log).hasSize(1);
        assertThat(log.get(0).getInt("line")).isEqualTo(4);
        assertThat(log.get(0).getString("ref")).isEqualTo("null");
        assertThat(log.get(0).getString("message")).isEqualTo("Failed to parse import line");
        assertThat(log.get(0).getString("detail")).isEqualTo("the line is longer than the limit of 1048576 bytes");
        assertThat(countGuestsByIdentifier("crm", "bom-1")).isEqualTo(1);
        assertThat(guestColumns("crm", "bom-2", "first_name")).containsExactly("After");
    }

    @Test
    void recordsAboutOneGuestTakeEffectInFileOrder() throws SQLException {
        String provider = "order-" + tenant.clientKey();
        var random = new java.util.Random(42);
        Map<Integer, Integer> last = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (int seq = 1; seq <= 20_000; seq++) {
            int g = random.nextInt(50);
            last.put(g, seq);
            lines.add(Lines.guest("s" + seq).identifier(provider, "g" + g).fields("\"city\":\"" + seq + "\"").upsert());
        }
        String ref = Batches.uploadLines(tenant, lines);

        JsonPath done = Batches.awaitTerminal(tenant, ref, java.time.Duration.ofSeconds(120));

        assertThat(done.getString("status.code")).isEqualTo("success");
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(20_000);
        Map<Integer, Integer> stored = new LinkedHashMap<>();
        for (int g : last.keySet()) {
            stored.put(g, Integer.valueOf(guestColumns(provider, "g" + g, "city").get(0)));
        }
        assertThat(stored).isEqualTo(last);
        assertThat(countGuestsByProvider(provider)).isEqualTo(last.size());
    }

    List<String> guestColumns(String provider, String id, String... columns) throws SQLException {
        String sql = "SELECT " + String.join(", ", columns) + " FROM guest g JOIN guest_identifier gi ON gi.guest_id = g.id"
                + " JOIN api_client a ON a.id = g.client_id WHERE a.client_key = ? AND gi.provider = ? AND gi.id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tenant.clientKey());
            s.setString(2, provider);
            s.setString(3, id);
            try (ResultSet rows = s.executeQuery()) {
                assertThat(rows.next()).as("guest %s/%s exists", provider, id).isTrue();
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns.length; i++) {
                    values.add(rows.getString(i));
                }
                return values;
            }
        }
    }

    String extension(String provider, String id, String name) throws SQLException {
        return Sql.single(
                "SELECT e.attributes::text FROM guest_extension e JOIN guest_identifier gi ON gi.guest_id = e.guest_id"
                        + " JOIN api_client a ON a.id = gi.client_id WHERE a.client_key = ? AND gi.provider = ? AND gi.id = ? AND e.name = ?",
                tenant.clientKey(), provider, id, name);
    }

    long countGuestsByIdentifier(String provider, String id) throws SQLException {
        return Long.parseLong(Sql.single("SELECT count(*) FROM guest_identifier gi JOIN api_client a ON a.id = gi.client_id"
                + " WHERE a.client_key = ? AND gi.provider = ? AND gi.id = ?", tenant.clientKey(), provider, id));
    }

    long countGuestsByProvider(String provider) throws SQLException {
        return Long.parseLong(Sql.single("SELECT count(DISTINCT gi.guest_id) FROM guest_identifier gi JOIN api_client a"
                + " ON a.id = gi.client_id WHERE a.client_key = ? AND gi.provider = ?", tenant.clientKey(), provider));
    }

    long countGuestsByEmail(String email) throws SQLException {
        return Long.parseLong(Sql.single("SELECT count(*) FROM guest g JOIN api_client a ON a.id = g.client_id"
                + " WHERE a.client_key = ? AND g.email = ?", tenant.clientKey(), email));
    }

    static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
