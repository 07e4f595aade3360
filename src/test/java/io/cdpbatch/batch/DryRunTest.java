package io.cdpbatch.batch;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Management;
import io.cdpbatch.support.Pipeline;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Dry runs through real uploads: same outcome as a real run, no customer data changed, shown as such. */
@QuarkusTest
@ApiTest
class DryRunTest {

    @Inject
    AgroalDataSource dataSource;

    Tenants tenant;

    static String j(String text) {
        return text.replace('\'', '"');
    }

    static String ids(String id) {
        return "'identifiers':[{'provider':'crm','id':'" + id + "'}]";
    }

    static String order(String referenceId, String contactId) {
        return "{'referenceId':'" + referenceId + "','channel':'WEB','pointOfSale':'shop.example.com','status':'PURCHASED',"
                + "'orderedAt':'2026-11-01T10:00:00Z','currencyCode':'EUR','price':129.9,'paymentType':'Card','cardType':'VISA',"
                + "'contact':{" + ids(contactId) + "},'orderItems':[{'type':'PRODUCT','productId':'SKU-1','name':'Kettle',"
                + "'description':'1.7 l kettle','vendor':'Acme','price':129.9,'currencyCode':'EUR','referenceId':'ITEM-1',"
                + "'status':'PURCHASED','quantity':1}]}";
    }

    /** Allocates with this body extension (e.g. {@code ,"dryRun":true}), uploads, returns the ref. */
    String upload(byte[] file, String extension) {
        String ref = UUID.randomUUID().toString();
        String url = tenant.given()
                .body("{\"checksum\":\"" + TestFiles.md5Hex(file) + "\",\"size\":" + file.length + extension + "}")
                .when().put("/v2/batches/{ref}", ref).then().statusCode(201).extract().path("location.href");
        assertThat(Uploads.put(url, file).status()).isEqualTo(200);
        return ref;
    }

    /** The existing data every scenario starts from: guests A, B, D, and an order of A. */
    void seed() {
        JsonPath done = Batches.awaitTerminal(tenant, Batches.uploadLines(tenant, List.of(
                Lines.guest("a").identifier("crm", "A").firstName("Ann").email("ann@example.com").json("subscriptions",
                        "[{'name':'news','channel':'EMAIL','pointOfSale':'shop','status':'SUBSCRIBED','effectiveDate':'2026-11-01T10:00:00Z'}]")
                        .json("extensions", "[{'name':'ext','key':'default','tier':'gold'}]").upsert(),
                Lines.guest("b").identifier("crm", "B").firstName("Bob").upsert(),
                Lines.guest("d").identifier("crm", "D").firstName("Dan").upsert(),
                Lines.line("o", "order", "insert", order("ORD-1", "A")))));
        assertThat(done.getString("status.code"))
                .as("%s",
                        done.getString("status.log") == null ? ""
                                : Batches.gunzipLines(Uploads.get(done.getString("status.log"))))
                .isEqualTo("success");
    }

    /** Guest upserts (existing and new), an order, deletes (found and not), an identity conflict, a bad line. */
    static final List<String> MIXED = List.of(
            Lines.guest("upd").identifier("crm", "A").firstName("Annie").lastName("Smith").upsert(),
            Lines.guest("new").identifier("crm", "N").firstName("Nia").email("nia@example.com").json("subscriptions",
                    "[{'name':'news','channel':'EMAIL','pointOfSale':'shop','status':'SUBSCRIBED','effectiveDate':'2026-11-01T10:00:00Z'}]")
                    .upsert(),
            Lines.line("ord", "order", "insert", order("ORD-2", "B")),
            Lines.guest("del").identifier("crm", "D").delete(),
            Lines.guest("gone").identifier("crm", "NOBODY").delete(),
            Lines.guest("both").identifier("crm", "A").identifier("crm", "B").firstName("Merged").upsert(),
            "{not json",
            Lines.order("odel").referenceId("ORD-1").orderedAt("2026-11-01T10:00:00Z").delete(),
            Lines.guest("bad").identifier("crm", "C").email("not-an-email").upsert());

    @Test
    void dryRunReportsWhatTheRealRunDoesAndChangesNothing() throws SQLException {
        seed();
        Map<String, String> before = snapshot();
        assertThat(before).hasEntrySatisfying("guest", d -> assertThat(d).startsWith("3:"))
                .hasEntrySatisfying("guest_identifier", d -> assertThat(d).startsWith("3:"))
                .hasEntrySatisfying("guest_subscription", d -> assertThat(d).startsWith("1:"))
                .hasEntrySatisfying("guest_extension", d -> assertThat(d).startsWith("1:"))
                .hasEntrySatisfying("orders", d -> assertThat(d).startsWith("1:"))
                .hasEntrySatisfying("order_item", d -> assertThat(d).startsWith("1:"));
        byte[] file = TestFiles.ndjsonGz(MIXED);

        String dryRef = upload(file, ",\"dryRun\":true");
        JsonPath dry = Batches.awaitTerminal(tenant, dryRef);
        assertThat(snapshot()).as("customer tables after the dry run").isEqualTo(before);

        String realRef = upload(file, "");
        JsonPath real = Batches.awaitTerminal(tenant, realRef);
        assertThat(snapshot()).as("customer tables after the real run").isNotEqualTo(before);

        assertThat(dry.getString("status.code")).isEqualTo("error").isEqualTo(real.getString("status.code"));
        assertThat(dry.getLong("status.summary.totalCount")).isEqualTo(9).isEqualTo(real.getLong("status.summary.totalCount"));
        assertThat(dry.getLong("status.summary.succeededCount")).isEqualTo(5)
                .isEqualTo(real.getLong("status.summary.succeededCount"));
        assertThat(dry.getLong("status.summary.failedCount")).isEqualTo(4)
                .isEqualTo(real.getLong("status.summary.failedCount"));
        List<String> dryLog = Batches.gunzipLines(Uploads.get(dry.getString("status.log")));
        List<String> realLog = Batches.gunzipLines(Uploads.get(real.getString("status.log")));
        assertThat(dryLog).isEqualTo(realLog);
        assertThat(dryLog.stream().map(JsonPath::new).map(l -> l.getInt("line") + "|" + l.getString("ref") + "|"
                + l.getString("code") + "|" + l.getString("message")).toList()).containsExactly(
                        "5|gone|404|Guest not found",
                        "6|both|409|Identity conflict",
                        "7|null|400|Failed to parse import line",
                        "9|bad|400|Validation error");

        assertThat(dry.getBoolean("dryRun")).isTrue();
        assertThat(real.getMap("").containsKey("dryRun")).isFalse();
    }

    @Test
    void dryRunIsShownInStatusInspectListAndFilter() {
        byte[] file = TestFiles.ndjsonGz(List.of(Lines.guest("g").identifier("crm", "S").upsert()));
        String ref = UUID.randomUUID().toString();
        tenant.given().body("{\"checksum\":\"" + TestFiles.md5Hex(file) + "\",\"size\":" + file.length + ",\"dryRun\":true}")
                .when().put("/v2/batches/{ref}", ref).then().statusCode(201)
                .body("dryRun", equalTo(true)).body("status.code", equalTo("uploading"));
        String realRef = Batches.upload(tenant,
                TestFiles.ndjsonGz(List.of(Lines.guest("h").identifier("crm", "T").upsert())));
        // the dry run is still uploading: its repeated PUT renews the URL
        String url = tenant.given()
                .body("{\"checksum\":\"" + TestFiles.md5Hex(file) + "\",\"size\":" + file.length + ",\"dryRun\":true}")
                .when().put("/v2/batches/{ref}", ref).then().statusCode(200).body("dryRun", equalTo(true))
                .extract().path("location.href");
        assertThat(Uploads.put(url, file).status()).isEqualTo(200);
        JsonPath done = Batches.awaitTerminal(tenant, ref);
        assertThat(done.getString("status.code")).isEqualTo("success");
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(1);
        Batches.awaitTerminal(tenant, realRef);

        tenant.given().get("/v2/batches/{ref}", ref).then().statusCode(200).body("dryRun", equalTo(true));
        tenant.given().get("/v2/batches/inspect/{ref}", ref).then().statusCode(200).body("dryRun", equalTo(true));
        tenant.given().get("/v2/batches/{ref}", realRef).then().statusCode(200).body("dryRun", nullValue());
        tenant.given().get("/v2/batches/inspect/{ref}", realRef).then().statusCode(200).body("dryRun", nullValue());
        // the guest of the dry run was never written
        tenant.given().queryParam("identifiers.provider", "crm").queryParam("identifiers.id", "S").get("/v2.1/guests")
                .then().statusCode(200).body("items.size()", equalTo(0));

        JsonPath all = tenant.given().get("/v2/batches/inspect").then().statusCode(200).extract().jsonPath();
        assertThat(all.getInt("totalCount")).isEqualTo(2);
        Map<String, Object> dryItem = item(all, ref);
        Map<String, Object> realItem = item(all, realRef);
        assertThat(dryItem).containsEntry("dryRun", true);
        assertThat(realItem).doesNotContainKey("dryRun");

        assertThat(tenant.given().queryParam("dryRun", "true").get("/v2/batches/inspect").then().statusCode(200).extract()
                .jsonPath().getList("items.ref", String.class)).containsExactly(ref);
        assertThat(tenant.given().queryParam("dryRun", "false").get("/v2/batches/inspect").then().statusCode(200).extract()
                .jsonPath().getList("items.ref", String.class)).containsExactly(realRef);
        assertThat(tenant.given().queryParam("dryRun", "TRUE").queryParam("status", "success").get("/v2/batches/inspect")
                .then().statusCode(200).extract().jsonPath().getList("items.ref", String.class)).containsExactly(ref);
        for (String bad : List.of("yes", "1", "tru")) {
            assertError(tenant.given().queryParam("dryRun", bad).get("/v2/batches/inspect").then(), 400,
                    "dryRun must be true or false", "dryRun must be true or false, got \"" + bad + "\"");
        }
    }

    @Test
    void dryRunRecordsAreCountedApartFromAppliedOnes() {
        byte[] file = TestFiles.ndjsonGz(List.of(
                Lines.guest("1").identifier("crm", "M1").upsert(),
                Lines.guest("2").identifier("crm", "M2").upsert(),
                Lines.guest("3").identifier("crm", "M-NOBODY").delete(),
                "{not json"));
        Pipeline.settle();
        String before = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        JsonPath done = Batches.awaitTerminal(tenant, upload(file, ",\"dryRun\":true"));
        assertThat(done.getLong("status.summary.failedCount")).isEqualTo(2);
        String after = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metric(after, "cdpbatch_records_dryrun_total", "guest", "valid")
                - metric(before, "cdpbatch_records_dryrun_total", "guest", "valid")).isEqualTo(2.0);
        assertThat(metric(after, "cdpbatch_records_dryrun_total", "guest", "invalid")
                - metric(before, "cdpbatch_records_dryrun_total", "guest", "invalid")).isEqualTo(1.0);
        assertThat(metric(after, "cdpbatch_records_dryrun_total", "other", "invalid")
                - metric(before, "cdpbatch_records_dryrun_total", "other", "invalid")).isEqualTo(1.0);
        for (String schema : List.of("guest", "other")) {
            assertThat(metric(after, "cdpbatch_records_applied_total", schema, null))
                    .isEqualTo(metric(before, "cdpbatch_records_applied_total", schema, null));
            assertThat(metric(after, "cdpbatch_records_failed_total", schema, null))
                    .isEqualTo(metric(before, "cdpbatch_records_failed_total", schema, null));
        }
    }

    /** The value of the series of {@code name} with this schema (and outcome, when given). */
    private static double metric(String scrape, String name, String schema, String outcome) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern
                .compile("^" + java.util.regex.Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", java.util.regex.Pattern.MULTILINE)
                .matcher(scrape);
        while (matcher.find()) {
            String labels = matcher.group(1);
            if (labels.contains("schema=\"" + schema + "\"")
                    && (outcome == null || labels.contains("outcome=\"" + outcome + "\""))) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        throw new AssertionError("no series " + name + " schema=" + schema + " outcome=" + outcome);
    }

    private static Map<String, Object> item(JsonPath list, String ref) {
        List<Map<String, Object>> items = list.getList("items");
        return items.stream().filter(i -> ref.equals(i.get("ref"))).findFirst().orElseThrow();
    }

    @Test
    void dryRunMustBeAJsonBoolean() {
        String checksum = "b1d600dbf7463924e24647e626cd7c1e";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("\"true\"", "the string \"true\" (4 characters)");
        cases.put("1", "number 1");
        cases.put("0", "number 0");
        cases.put("null", "null null");
        cases.put("[true]", "array [true]");
        cases.put("{}", "object {}");
        for (var entry : cases.entrySet()) {
            String ref = UUID.randomUUID().toString();
            assertError(
                    tenant.given().body("{\"checksum\":\"" + checksum + "\",\"size\":227,\"dryRun\":" + entry.getKey() + "}")
                            .when().put("/v2/batches/{ref}", ref).then(),
                    400, "dryRun must be true or false",
                    "dryRun must be the JSON boolean true or false (without quotes), got " + entry.getValue());
            tenant.given().get("/v2/batches/{ref}", ref).then().statusCode(404);
        }
        // false is a normal batch, and shows no dryRun field
        tenant.given().body("{\"checksum\":\"" + checksum + "\",\"size\":227,\"dryRun\":false}")
                .when().put("/v2/batches/{ref}", UUID.randomUUID().toString()).then().statusCode(201)
                .body("dryRun", nullValue());
    }

    @Test
    void changingDryRunOfAnAllocatedRefIsAConflict() {
        String checksum = "b1d600dbf7463924e24647e626cd7c1e";
        String ref = UUID.randomUUID().toString();
        tenant.given().body("{\"checksum\":\"" + checksum + "\",\"size\":227}").when().put("/v2/batches/{ref}", ref)
                .then().statusCode(201);
        tenant.given().body("{\"checksum\":\"" + checksum + "\",\"size\":227,\"dryRun\":false}").when()
                .put("/v2/batches/{ref}", ref).then().statusCode(200);
        assertError(tenant.given().body("{\"checksum\":\"" + checksum + "\",\"size\":227,\"dryRun\":true}").when()
                .put("/v2/batches/{ref}", ref).then(), 409, "Batch already exists with another dryRun",
                "Batch " + ref + " was allocated with dryRun false, this request has dryRun true; "
                        + "whether a batch is a dry run cannot change: allocate a new ref");

        String dryRef = UUID.randomUUID().toString();
        tenant.given().body("{\"checksum\":\"" + checksum + "\",\"size\":227,\"dryRun\":true}").when()
                .put("/v2/batches/{ref}", dryRef).then().statusCode(201);
        assertError(tenant.given().body("{\"checksum\":\"" + checksum + "\",\"size\":227}").when()
                .put("/v2/batches/{ref}", dryRef).then(), 409, "Batch already exists with another dryRun",
                "Batch " + dryRef + " was allocated with dryRun true, this request has dryRun false; "
                        + "whether a batch is a dry run cannot change: allocate a new ref");
    }

    /**
     * The documented limit: a record applied in its own transaction (here an order delete, applied
     * alone) does not see what an earlier record of the same file did in another transaction.
     */
    @Test
    void aRecordDoesNotSeeEarlierRecordsOfTheFileAppliedInAnotherTransaction() {
        byte[] file = TestFiles.ndjsonGz(List.of(
                Lines.line("ins", "order", "insert", order("ORD-9", "Z")),
                Lines.order("del").referenceId("ORD-9").orderedAt("2026-11-01T10:00:00Z").delete()));
        JsonPath dry = Batches.awaitTerminal(tenant, upload(file, ",\"dryRun\":true"));
        assertThat(dry.getLong("status.summary.succeededCount")).isEqualTo(1);
        assertThat(Batches.gunzipLines(Uploads.get(dry.getString("status.log"))).stream().map(JsonPath::new)
                .map(l -> l.getInt("line") + "|" + l.getString("code") + "|" + l.getString("message")).toList())
                .containsExactly("2|404|" + io.cdpbatch.records.Rejection.ORDER_NOT_FOUND);

        JsonPath real = Batches.awaitTerminal(tenant, upload(file, ""));
        assertThat(real.getString("status.code")).isEqualTo("success");
        assertThat(real.getLong("status.summary.succeededCount")).isEqualTo(2);
    }

    /** A digest of every customer table's rows of the tenant (and of the effect journal of its batches). */
    private Map<String, String> snapshot() throws SQLException {
        Map<String, String> digests = new LinkedHashMap<>();
        String client = "(SELECT id FROM api_client WHERE client_key = ?)";
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("guest", "SELECT t::text FROM guest t WHERE client_id = " + client);
        queries.put("guest_identifier", "SELECT t::text FROM guest_identifier t WHERE client_id = " + client);
        queries.put("guest_subscription", "SELECT t::text FROM guest_subscription t JOIN guest g ON g.id = t.guest_id "
                + "WHERE g.client_id = " + client);
        queries.put("guest_extension", "SELECT t::text FROM guest_extension t JOIN guest g ON g.id = t.guest_id "
                + "WHERE g.client_id = " + client);
        queries.put("orders", "SELECT t::text FROM orders t WHERE client_id = " + client);
        queries.put("order_item", "SELECT t::text FROM order_item t JOIN orders o ON o.id = t.order_id "
                + "WHERE o.client_id = " + client);
        queries.put("applied_effect", "SELECT t::text FROM applied_effect t JOIN batch b ON b.id = t.batch_id "
                + "WHERE b.client_id = " + client);
        try (Connection connection = dataSource.getConnection()) {
            for (var query : queries.entrySet()) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) || ':' || coalesce(md5(string_agg(r, '|' ORDER BY r)), '') FROM (" + query.getValue()
                                + ") AS x(r)")) {
                    statement.setString(1, tenant.clientKey());
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        digests.put(query.getKey(), rows.getString(1));
                    }
                }
            }
        }
        return digests;
    }
}
