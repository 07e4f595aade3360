package io.cdpbatch.web;

import static io.cdpbatch.web.WebTestSupport.allocate;
import static io.cdpbatch.web.WebTestSupport.origin;
import static io.cdpbatch.web.WebTestSupport.signIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cdpbatch.auth.ApiClientService;
import io.cdpbatch.lifecycle.BatchStatus;
import io.cdpbatch.lifecycle.WorkRunner;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestClock;
import io.cdpbatch.support.Uploads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The web page over plain HTTP: sessions, CSRF checks, tenancy, escaping, the log download. */
@QuarkusTest
@ApiTest
class BatchPagesTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Inject
    ApiClientService clients;

    @Inject
    WebSessionRepository sessions;

    @Inject
    BatchStateFixture fixture;

    @Inject
    TestClock clock;

    /** The fixture puts batches without files in every status: the real processor must not pick them up. */
    @Inject
    WorkRunner claimer;

    Tenants tenant;

    @BeforeEach
    void setUp() {
        claimer.setPaused(true);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
        claimer.setPaused(false);
    }

    @Test
    void rootLeadsToThePage() {
        given().redirects().follow(false).when().get("/")
                .then().statusCode(303).header("Location", endsWith("/ui/batches"));
        given().redirects().follow(false).when().get("/ui")
                .then().statusCode(303).header("Location", endsWith("/ui/batches"));
    }

    @Test
    void pagesWithoutSessionRedirectToSignIn() {
        given().redirects().follow(false).when().get("/ui/batches?status=error")
                .then().statusCode(303)
                .header("Location", endsWith("/ui/sign-in?next=ui%2Fbatches%3Fstatus%3Derror"));
        given().redirects().follow(false).when().get("/ui/batches/{ref}", UUID.randomUUID().toString())
                .then().statusCode(303).header("Location", containsString("/ui/sign-in?next="));
        given().redirects().follow(false).cookie(SessionCookies.NAME, "not-a-session").when().get("/ui/batches")
                .then().statusCode(303).header("Location", containsString("/ui/sign-in"));
        given().when().get("/ui/batches/progress?ref={ref}", UUID.randomUUID().toString())
                .then().statusCode(401).contentType("application/json").body("status", equalTo(401));
        given().when().get("/ui/sign-in")
                .then().statusCode(200).contentType("text/html")
                .body(containsString("<h1>Sign in</h1>"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-store");
    }

    @Test
    void signInGoesBackToTheRequestedPageAndNeverElsewhere() {
        given().redirects().follow(false).header("Origin", origin())
                .formParam("clientKey", tenant.clientKey()).formParam("token", tenant.token())
                .formParam("next", "ui/batches?status=error")
                .when().post("/ui/sign-in")
                .then().statusCode(303).header("Location", endsWith("/ui/batches?status=error"));
        for (String next : List.of("https://evil.example/", "//evil.example/ui/batches", "ui/..//evil.example")) {
            given().redirects().follow(false).header("Origin", origin())
                    .formParam("clientKey", tenant.clientKey()).formParam("token", tenant.token())
                    .formParam("next", next)
                    .when().post("/ui/sign-in")
                    .then().statusCode(303).header("Location", equalTo(origin() + "/ui/batches"));
        }
    }

    @Test
    void sessionCookieIsHardenedAndOnlyItsHashIsStored() throws Exception {
        Response response = given().redirects().follow(false).header("Origin", origin())
                .formParam("clientKey", tenant.clientKey()).formParam("token", tenant.token())
                .when().post("/ui/sign-in");
        assertThat(response.statusCode()).isEqualTo(303);
        String setCookie = response.header("Set-Cookie");
        assertThat(setCookie).startsWith(SessionCookies.NAME + "=").contains("; Path=/ui;").contains("; Max-Age=28800;")
                .contains("; HttpOnly").contains("; SameSite=Strict").doesNotContain("Secure");
        String sessionId = response.cookie(SessionCookies.NAME);
        assertThat(sessionId).hasSizeGreaterThanOrEqualTo(43);

        String sha256 = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8)));
        assertThat(sessions.count("tokenHash", sha256)).isEqualTo(1);
        assertThat(sessions.count("tokenHash", sessionId)).isZero();

        // X-Forwarded-Proto from a peer that is not a trusted proxy changes nothing (TrustedProxyTest: from one it does).
        String forged = given().redirects().follow(false).header("X-Forwarded-Proto", "https").header("Origin", origin())
                .formParam("clientKey", tenant.clientKey()).formParam("token", tenant.token())
                .when().post("/ui/sign-in")
                .then().statusCode(303).extract().header("Set-Cookie");
        assertThat(forged).contains("; HttpOnly").contains("; SameSite=Strict").doesNotContain("Secure");
    }

    @Test
    void wrongCredentialsShowAClearMessage() {
        given().redirects().follow(false).header("Origin", origin())
                .formParam("clientKey", tenant.clientKey()).formParam("token", "wrong-token")
                .when().post("/ui/sign-in")
                .then().statusCode(401).contentType("text/html")
                .header("Set-Cookie", nullValue())
                .body(containsString("Wrong client key or API token."))
                .body(not(containsString("wrong-token")));
        given().redirects().follow(false).header("Origin", origin())
                .formParam("clientKey", "no-such-client").formParam("token", tenant.token())
                .when().post("/ui/sign-in")
                .then().statusCode(401).body(containsString("Wrong client key or API token."));
        given().redirects().follow(false).header("Origin", origin())
                .formParam("clientKey", "").formParam("token", "")
                .when().post("/ui/sign-in")
                .then().statusCode(400).body(containsString("Enter your client key and your API token."));
    }

    @Test
    void crossSiteFormsAreRefused() {
        // No Origin and no Referer.
        given().redirects().follow(false)
                .formParam("clientKey", tenant.clientKey()).formParam("token", tenant.token())
                .when().post("/ui/sign-in")
                .then().statusCode(403).contentType("text/html").header("Set-Cookie", nullValue())
                .body(containsString("Request refused"));
        // Another site.
        given().redirects().follow(false).header("Origin", "http://evil.example")
                .formParam("clientKey", tenant.clientKey()).formParam("token", tenant.token())
                .when().post("/ui/sign-in")
                .then().statusCode(403).header("Set-Cookie", nullValue());
        given().redirects().follow(false).header("Origin", "null")
                .formParam("clientKey", tenant.clientKey()).formParam("token", tenant.token())
                .when().post("/ui/sign-in")
                .then().statusCode(403);
        // A browser that sends only a Referer of this service is fine.
        given().redirects().follow(false).header("Referer", origin() + "/ui/sign-in")
                .formParam("clientKey", tenant.clientKey()).formParam("token", tenant.token())
                .when().post("/ui/sign-in")
                .then().statusCode(303);

        String session = signIn(tenant);
        String csrf = csrfToken(session);
        // Sign-out without the token, with a wrong one, or from another site: refused, session still valid.
        given().redirects().follow(false).cookie(SessionCookies.NAME, session).header("Origin", origin())
                .when().post("/ui/sign-out")
                .then().statusCode(403);
        given().redirects().follow(false).cookie(SessionCookies.NAME, session).header("Origin", origin())
                .formParam("csrf", csrf + "x")
                .when().post("/ui/sign-out")
                .then().statusCode(403);
        given().redirects().follow(false).cookie(SessionCookies.NAME, session).header("Origin", "http://evil.example")
                .formParam("csrf", csrf)
                .when().post("/ui/sign-out")
                .then().statusCode(403);
        given().redirects().follow(false).cookie(SessionCookies.NAME, session).when().get("/ui/batches")
                .then().statusCode(200);

        given().redirects().follow(false).cookie(SessionCookies.NAME, session).header("Origin", origin())
                .formParam("csrf", csrf)
                .when().post("/ui/sign-out")
                .then().statusCode(303).header("Location", endsWith("/ui/sign-in?out=1"))
                .header("Set-Cookie", containsString("Max-Age=0"));
        given().redirects().follow(false).cookie(SessionCookies.NAME, session).when().get("/ui/batches")
                .then().statusCode(303).header("Location", containsString("/ui/sign-in"));
    }

    @Test
    void sessionsExpire() {
        String session = signIn(tenant);
        given().redirects().follow(false).cookie(SessionCookies.NAME, session).when().get("/ui/batches")
                .then().statusCode(200);
        clock.shift(Duration.ofHours(8).plusSeconds(1));
        given().redirects().follow(false).cookie(SessionCookies.NAME, session).when().get("/ui/batches")
                .then().statusCode(303).header("Location", containsString("/ui/sign-in"));
    }

    @Test
    void revokingTheClientEndsItsSessions() {
        String session = signIn(tenant);
        clients.revoke(tenant.clientKey());
        given().redirects().follow(false).cookie(SessionCookies.NAME, session).when().get("/ui/batches")
                .then().statusCode(303).header("Location", containsString("/ui/sign-in"));
    }

    @Test
    void anotherTenantsBatchIsNotFound() {
        Tenants other = Tenants.create();
        String foreign = allocate(other);
        fixture.errorLog(other.clientKey(), foreign, List.of("r1"));
        String session = signIn(tenant);

        fixture.failedRecords(other.clientKey(), foreign, List.of("{}"));
        for (String path : List.of("/ui/batches/" + foreign, "/ui/batches/" + foreign + "/log",
                "/ui/batches/" + foreign + "/failed-records",
                "/ui/batches/" + UUID.randomUUID(), "/ui/batches/not-a-uuid")) {
            given().cookie(SessionCookies.NAME, session).when().get(path)
                    .then().statusCode(404).contentType("text/html")
                    .body(containsString("Batch not found"))
                    .header("Content-Security-Policy", containsString("default-src 'self'"));
        }
        given().cookie(SessionCookies.NAME, session).when().get("/ui/batches")
                .then().statusCode(200).body(not(containsString(foreign)));
        given().cookie(SessionCookies.NAME, session).when().get("/ui/batches?search={s}", foreign)
                .then().statusCode(200).body(containsString("No batches match"));
        given().cookie(SessionCookies.NAME, session).when().get("/ui/batches/progress?ref={ref}", foreign)
                .then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void everyValueIsEscaped() {
        String ref = allocate(tenant);
        fixture.corrupted(tenant.clientKey(), ref, "size differs <script>alert('x')</script> & <b>bold</b>");
        String session = signIn(tenant);

        String list = given().cookie(SessionCookies.NAME, session).when().get("/ui/batches?search={s}", "<b>x</b>")
                .then().statusCode(200).contentType("text/html")
                .extract().asString();
        assertThat(list).contains("value=\"&lt;b&gt;x&lt;/b&gt;\"")
                .contains("<span class=\"mono\" id=\"searched\">&lt;b&gt;x&lt;/b&gt;</span>")
                .doesNotContain("<b>x</b>");

        String detail = given().cookie(SessionCookies.NAME, session).when().get("/ui/batches/{ref}", ref)
                .then().statusCode(200).extract().asString();
        assertThat(detail)
                .contains("size differs &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;")
                .doesNotContain("<script>alert").doesNotContain("<b>bold</b>");

        given().cookie(SessionCookies.NAME, session).when().get("/ui/batches?status={s}", "<i>nope</i>")
                .then().statusCode(400).contentType("text/html").body(containsString("Unknown status"))
                .body(not(containsString("<i>nope</i>")));
    }

    @Test
    void listFiltersSortsAndPages() {
        String a = allocate(tenant);
        String b = allocate(tenant);
        String c = allocate(tenant);
        fixture.finished(tenant.clientKey(), b, BatchStatus.ERROR, 3, 2, 1, 40);
        var now = clock.instant();
        fixture.modifiedAt(tenant.clientKey(), a, now.minusSeconds(30));
        fixture.modifiedAt(tenant.clientKey(), b, now.minusSeconds(20));
        fixture.modifiedAt(tenant.clientKey(), c, now.minusSeconds(10));
        String session = signIn(tenant);

        String page1 = given().cookie(SessionCookies.NAME, session).when().get("/ui/batches?size=2")
                .then().statusCode(200).extract().asString();
        assertThat(refsIn(page1)).containsExactly(c, b);
        assertThat(page1).contains("Showing 1–2 of <strong id=\"total-count\">3</strong> batches").contains("Page 1 of 2");
        String page2 = given().cookie(SessionCookies.NAME, session).when().get("/ui/batches?size=2&page=2")
                .then().statusCode(200).extract().asString();
        assertThat(refsIn(page2)).containsExactly(a);
        String ascending = given().cookie(SessionCookies.NAME, session).when().get("/ui/batches?sort=modifiedAt")
                .then().statusCode(200).extract().asString();
        assertThat(refsIn(ascending)).containsExactly(a, b, c);
        String errors = given().cookie(SessionCookies.NAME, session).when().get("/ui/batches?status=error")
                .then().statusCode(200).extract().asString();
        assertThat(refsIn(errors)).containsExactly(b);
        String partial = given().cookie(SessionCookies.NAME, session).when()
                .get("/ui/batches?search={s}", c.substring(9, 18).toUpperCase())
                .then().statusCode(200).extract().asString();
        assertThat(refsIn(partial)).containsExactly(c);
    }

    @Test
    void emptyStateShowsAFirstUpload() {
        String session = signIn(tenant);
        given().cookie(SessionCookies.NAME, session).when().get("/ui/batches")
                .then().statusCode(200)
                .body(containsString("No batches yet"))
                .body(containsString(
                        "curl -u \"" + tenant.clientKey() + ":$API_TOKEN\" -X PUT \"" + origin() + "/v2/batches/$REF\""))
                .body(containsString("-d \"{\\\"checksum\\\": \\\"$MD5\\\", \\\"size\\\": $SIZE}\""));
    }

    @Test
    void logDownloadIsTheStoredObject() {
        String ref = allocate(tenant);
        fixture.finished(tenant.clientKey(), ref, BatchStatus.ERROR, 5, 3, 2, 120);
        byte[] log = fixture.errorLog(tenant.clientKey(), ref, List.of("a", "b"));
        String session = signIn(tenant);

        byte[] downloaded = given().cookie(SessionCookies.NAME, session).when().get("/ui/batches/{ref}/log", ref)
                .then().statusCode(200).contentType("application/gzip")
                .header("Content-Disposition", "attachment; filename=\"errors-" + ref + ".json.gz\"")
                .extract().asByteArray();
        String apiLogUrl = tenant.given().when().get("/v2/batches/{ref}", ref).then().statusCode(200)
                .extract().path("status.log");
        assertThat(downloaded).isEqualTo(log).isEqualTo(Uploads.get(apiLogUrl));

        String withoutLog = allocate(tenant);
        given().cookie(SessionCookies.NAME, session).when().get("/ui/batches/{ref}/log", withoutLog)
                .then().statusCode(404).body(containsString("No error log"));
    }

    @Test
    void detailShowsTheErrorSummaryAndDownloadsTheFailedRecords() {
        String ref = allocate(tenant);
        fixture.finished(tenant.clientKey(), ref, BatchStatus.ERROR, 1300, 66, 1234, 120);
        fixture.errorLog(tenant.clientKey(), ref, List.of("a"));
        byte[] failed = fixture.failedRecords(tenant.clientKey(), ref, List.of("{\"ref\":\"a\"}", "not json"));
        fixture.errorSummary(tenant.clientKey(), ref,
                """
                        [{"code": "400", "message": "Validation error", "count": 1233,
                          "samples": [{"line": 3, "ref": "<b>r3</b>", "detail": "value.email: <script>alert('x')</script>"},
                                      {"line": 12045, "ref": "r9"}]},
                         {"code": "409", "message": "Identity conflict", "count": 1,
                          "samples": [{"line": 7, "ref": "r7", "detail": "value.identifiers: the identifiers belong to 2 different guests"}]}]""");
        String session = signIn(tenant);

        String detail = given().cookie(SessionCookies.NAME, session).when().get("/ui/batches/{ref}", ref)
                .then().statusCode(200).extract().asString();

        assertThat(detail).contains("<a class=\"button\" href=\"/ui/batches/" + ref
                + "/failed-records\" id=\"download-failed-records\" download>Download failed records</a>");
        assertThat(detail).contains("id=\"download-log\"");
        assertThat(detail).contains("<table class=\"batches errors\" id=\"error-summary\"");
        assertThat(detail.replaceAll("\\s+", " "))
                .contains(
                        "<tr data-code=\"400\"> <td class=\"mono\">400</td> <td>Validation error</td> <td class=\"num\">1,233</td>")
                .contains("<li><span class=\"mono\">line 3</span> <span class=\"mono\">&lt;b&gt;r3&lt;/b&gt;</span>: "
                        + "value.email: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</li>")
                .contains("<li><span class=\"mono\">line 12,045</span> <span class=\"mono\">r9</span></li>")
                .contains("<td>Identity conflict</td> <td class=\"num\">1</td>");
        assertThat(detail.indexOf("data-code=\"400\"")).isLessThan(detail.indexOf("data-code=\"409\""));
        assertThat(detail).doesNotContain("<script>alert").doesNotContain("<b>r3</b>");

        byte[] downloaded = given().cookie(SessionCookies.NAME, session).when().get("/ui/batches/{ref}/failed-records", ref)
                .then().statusCode(200).contentType("application/gzip")
                .header("Content-Disposition", "attachment; filename=\"failed-records-" + ref + ".json.gz\"")
                .extract().asByteArray();
        var status = tenant.given().when().get("/v2/batches/{ref}", ref).then().statusCode(200).extract().jsonPath();
        assertThat(downloaded).isEqualTo(failed).isEqualTo(Uploads.get(status.getString("status.failedRecords")));
        assertThat(status.getList("status.summary.errors.count")).containsExactly(1233, 1);

        String clean = allocate(tenant);
        fixture.finished(tenant.clientKey(), clean, BatchStatus.SUCCESS, 5, 5, 0, 120);
        String cleanDetail = given().cookie(SessionCookies.NAME, session).when().get("/ui/batches/{ref}", clean)
                .then().statusCode(200).extract().asString();
        assertThat(cleanDetail).doesNotContain("download-failed-records").doesNotContain("error-summary");
        given().cookie(SessionCookies.NAME, session).when().get("/ui/batches/{ref}/failed-records", clean)
                .then().statusCode(404).body(containsString("No failed records"));
    }

    @Test
    void progressReportsLiveCounts() {
        String ref = allocate(tenant);
        fixture.processing(tenant.clientKey(), ref, 200, 50, 10);
        String session = signIn(tenant);
        given().cookie(SessionCookies.NAME, session).when().get("/ui/batches/progress?ref={a}&ref=junk", ref)
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].ref", equalTo(ref))
                .body("items[0].status", equalTo("processing"))
                .body("items[0].label", equalTo("Processing"))
                .body("items[0].live", equalTo(true))
                .body("items[0].terminal", equalTo(false))
                .body("items[0].percent", equalTo(30))
                .body("items[0].text", equalTo("30% · 60 records so far"))
                // no processing time yet: no estimate
                .body("items[0].eta", equalTo(""));
    }

    private static String csrfToken(String session) {
        String html = given().cookie(SessionCookies.NAME, session).when().get("/ui/batches").then().statusCode(200)
                .extract().asString();
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static List<String> refsIn(String html) {
        Matcher m = Pattern.compile("<tr data-ref=\"([0-9a-f-]{36})\"").matcher(html);
        List<String> refs = new java.util.ArrayList<>();
        while (m.find()) {
            refs.add(m.group(1));
        }
        return refs;
    }
}
