package io.cdpbatch.auth;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.LogCapture;
import io.cdpbatch.support.Sql;
import io.cdpbatch.support.Tenants;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Security (docs/security.md): hashed tokens, one answer for every failed authentication, nothing secret or personal
 * in the logs, short-lived presigned URLs, admin and tenant credentials kept apart, bound SQL.
 */
@QuarkusTest
@ApiTest
class SecurityTest {

    static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    static final String CHECKSUM = "b1d600dbf7463924e24647e626cd7c1e";

    Tenants tenant;

    @Test
    void tokensAreStoredAsBcryptHashesOnly() throws SQLException {
        JsonPath issued = RestAssured.given().header("Authorization", "Bearer " + ADMIN_TOKEN).when().post("/admin/clients")
                .then().statusCode(201).extract().jsonPath();
        String key = issued.getString("clientKey");
        String token = issued.getString("token");

        String hash = Sql.single("SELECT token_hash FROM api_client WHERE client_key = ?", key);
        assertThat(hash).startsWith("$2").hasSize(60).doesNotContain(token);
        assertThat(BcryptUtil.matches(token, hash)).isTrue();
        // no column of the row holds the token
        assertThat(Sql.single("SELECT row_to_json(a)::text FROM api_client a WHERE client_key = ?", key)).doesNotContain(token);
        // and the admin list never shows it
        assertThat(RestAssured.given().header("Authorization", "Bearer " + ADMIN_TOKEN).when().get("/admin/clients")
                .then().statusCode(200).extract().asString()).doesNotContain(token).doesNotContain(hash);
    }

    /**
     * The comparison itself is constant-time by construction (bcrypt for the token, a dummy bcrypt
     * for an unknown key, MessageDigest.isEqual for the cache and the admin token); what a client can
     * observe is the answer, and it is the same whatever was wrong, before and after the credentials
     * of the key were cached.
     */
    @Test
    void unknownKeyAndWrongTokenGetTheSameAnswer() {
        List<String> bodies = new ArrayList<>();
        bodies.add(unauthorizedBody("no-such-client-" + UUID.randomUUID(), tenant.token()));
        bodies.add(unauthorizedBody(tenant.clientKey(), tenant.token() + "x"));
        tenant.given().when().get("/v2/batches/inspect").then().statusCode(200); // now cached
        bodies.add(unauthorizedBody(tenant.clientKey(), tenant.token() + "x"));
        bodies.add(unauthorizedBody(tenant.clientKey(), tenant.token().substring(1)));
        bodies.add(unauthorizedBody("no-such-client-" + UUID.randomUUID(), "whatever-token"));
        assertThat(bodies).hasSize(5).allSatisfy(body -> assertThat(body).isEqualTo(bodies.get(0)));
        assertThat(bodies.get(0)).isEqualTo("{\"status\":401,\"code\":401,\"message\":\"Unauthorized\",\"developerMessage\":"
                + "\"Unknown client key, wrong API token, or revoked client\",\"moreInfo\":\"\"}");
    }

    @Test
    void noTokenSignatureOrCustomerDataIsLoggedAtInfo(LogCapture logs) {
        String email = "pii-" + UUID.randomUUID() + "@example.com";
        String name = "Zebulon" + UUID.randomUUID().toString().substring(0, 8);
        String ref = Batches.uploadLines(tenant, List.of(
                "{\"ref\":\"ok\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"email\":\"" + email
                        + "\",\"firstName\":\"" + name + "\",\"phoneNumbers\":[\"+44 20 7946 0958\"]}}",
                "{\"ref\":\"bad\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"email\":\"" + email
                        + "\",\"gender\":\"" + name + "\"}}"));
        JsonPath done = Batches.awaitTerminal(tenant, ref);
        assertThat(done.getString("status.code")).isEqualTo("error");
        String logUrl = done.getString("status.log");
        String uploadUrl = tenant.given().body("{\"checksum\":\"" + CHECKSUM + "\",\"size\":227}")
                .when().put("/v2/batches/{ref}", UUID.randomUUID()).then().statusCode(201).extract().path("location.href");
        RestAssured.given().auth().preemptive().basic(tenant.clientKey(), tenant.token() + "x")
                .when().get("/v2/batches/inspect").then().statusCode(401);

        List<String> lines = logs.records().stream().filter(record -> record.getLevel().intValue() >= Level.INFO.intValue())
                .map(record -> logs.message(record) + (record.getThrown() == null ? "" : " " + record.getThrown())).toList();
        assertThat(lines).as("the batch's own lines are captured").anyMatch(line -> line.contains(ref));
        assertThat(lines).noneMatch(line -> line.contains(email) || line.contains(email.toLowerCase()));
        assertThat(lines).noneMatch(line -> line.contains(name));
        assertThat(lines).noneMatch(line -> line.contains("7946"));
        assertThat(lines).noneMatch(line -> line.contains(tenant.token()));
        assertThat(lines).noneMatch(line -> line.contains("X-Amz-Signature") || line.contains("X-Amz-Credential"));
        assertThat(lines).noneMatch(line -> line.contains(query(logUrl)) || line.contains(query(uploadUrl)));
    }

    @Test
    void presignedUrlsLiveOneHourAtMost() {
        Instant before = Instant.now();
        JsonPath allocated = tenant.given().body("{\"checksum\":\"" + CHECKSUM + "\",\"size\":227}")
                .when().put("/v2/batches/{ref}", UUID.randomUUID()).then().statusCode(201).extract().jsonPath();
        Instant expiry = Instant.parse(allocated.getString("location.expiry"));
        assertThat(expiry).isBetween(before.plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofHours(1)));
        assertThat(expiresSeconds(allocated.getString("location.href"))).isBetween(3500L, 3600L);

        String ref = Batches.uploadLines(tenant, List.of("not json"));
        String log = Batches.awaitTerminal(tenant, ref).getString("status.log");
        assertThat(expiresSeconds(log)).isEqualTo(3600L);
    }

    @Test
    void adminAndTenantCredentialsAreSeparate() {
        String bearerChallenge = "Bearer realm=\"cdp-batch-admin\"";
        assertError(tenant.given().when().post("/admin/clients").then().header("WWW-Authenticate", bearerChallenge), 401,
                "Unauthorized", "Wrong admin bearer token");
        assertError(tenant.given().when().get("/admin/clients").then(), 401, "Unauthorized", "Wrong admin bearer token");
        assertError(RestAssured.given().header("Authorization", "Bearer " + tenant.token()).when().get("/admin/clients").then(),
                401, "Unauthorized", "Wrong admin bearer token");

        String malformed = "Malformed Authorization header: HTTP Basic with client key and API token expected";
        assertError(RestAssured.given().header("Authorization", "Bearer " + ADMIN_TOKEN).when().get("/v2/batches/inspect")
                .then().header("WWW-Authenticate", "Basic realm=\"cdp-batch\", charset=\"UTF-8\""), 401, "Unauthorized",
                malformed);
        assertError(RestAssured.given().auth().preemptive().basic("admin", ADMIN_TOKEN).when().get("/v2/batches/inspect")
                .then(), 401, "Unauthorized", "Unknown client key, wrong API token, or revoked client");
        assertError(RestAssured.given().auth().preemptive().basic(tenant.clientKey(), ADMIN_TOKEN)
                .when().get("/v2/batches/inspect").then(), 401, "Unauthorized",
                "Unknown client key, wrong API token, or revoked client");
    }

    /** Extends BatchListTest's search check: hostile text in every parameter is data, and the table is still there. */
    @Test
    void hostileTextIsDataInEveryParameter() throws SQLException {
        String ref = UUID.randomUUID().toString();
        tenant.given().body("{\"checksum\":\"" + CHECKSUM + "\",\"size\":227}").when().put("/v2/batches/{ref}", ref)
                .then().statusCode(201);
        String injection = "'; drop table batch --";
        assertError(tenant.given().when().get("/v2/batches/{ref}", injection).then(), 400, "ref must be a UUID",
                "ref must be a UUID such as 12af3453-62da-4b31-b646-631b7b5f3009, got \"" + injection + "\"");
        assertError(tenant.given().queryParam("createdBefore", injection).when().get("/v2/batches/inspect").then(), 400,
                "createdBefore must be an ISO-8601 date-time",
                "createdBefore must be an ISO-8601 date-time such as 2026-11-28T14:04:05.123Z, got \"" + injection + "\"");
        assertError(tenant.given().queryParam("status", "success' OR '1'='1").when().get("/v2/batches/inspect").then(), 400,
                "status must be one of uploading, file_uploaded, processing, success, corrupted, error",
                "status must be a comma-separated list of uploading, file_uploaded, processing, success, corrupted, error, "
                        + "got \"success' OR '1'='1\"");
        // a wildcard between two real parts of the ref does not match: % is a character, not a pattern
        tenant.given().queryParam("search", ref.substring(0, 8) + "%" + ref.substring(9, 13)).when()
                .get("/v2/batches/inspect").then().statusCode(200).body("totalCount", equalTo(0));
        tenant.given().queryParam("search", ref.substring(0, 8) + "_" + ref.substring(9, 13)).when()
                .get("/v2/batches/inspect").then().statusCode(200).body("totalCount", equalTo(0));
        tenant.given().queryParam("search", ref.substring(0, 13)).when().get("/v2/batches/inspect").then().statusCode(200)
                .body("totalCount", equalTo(1));
        // as a client key (bound in the authentication lookup)
        assertError(RestAssured.given().auth().preemptive().basic("x' OR '1'='1", "token").when().get("/v2/batches/inspect")
                .then(), 401, "Unauthorized", "Unknown client key, wrong API token, or revoked client");
        assertThat(Sql.single("SELECT count(*)::text FROM batch WHERE ref = ?::uuid", ref)).isEqualTo("1");
    }

    private static String unauthorizedBody(String key, String token) {
        return RestAssured.given().auth().preemptive().basic(key, token).when().get("/v2/batches/inspect").then()
                .statusCode(401).header("WWW-Authenticate", "Basic realm=\"cdp-batch\", charset=\"UTF-8\"").extract()
                .asString();
    }

    private static String query(String url) {
        return URI.create(url).getRawQuery();
    }

    private static long expiresSeconds(String url) {
        for (String part : URI.create(url).getRawQuery().split("&")) {
            if (part.startsWith("X-Amz-Expires=")) {
                return Long.parseLong(part.substring("X-Amz-Expires=".length()));
            }
        }
        throw new AssertionError("no X-Amz-Expires in " + url);
    }

}
