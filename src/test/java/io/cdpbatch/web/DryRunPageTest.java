package io.cdpbatch.web;

import static io.cdpbatch.web.WebTestSupport.CHECKSUM;
import static io.cdpbatch.web.WebTestSupport.allocate;
import static io.cdpbatch.web.WebTestSupport.signIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cdpbatch.lifecycle.BatchStatus;
import io.cdpbatch.lifecycle.WorkRunner;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;

/** The "Dry run" badge of the web page, in the list row and the detail view, over plain HTTP. */
@QuarkusTest
@ApiTest
class DryRunPageTest {

    @Inject
    BatchStateFixture fixture;

    /** The fixture puts batches without files in a status: the real processor must not pick them up. */
    @Inject
    WorkRunner claimer;

    Tenants tenant;

    @BeforeEach
    void setUp() {
        claimer.setPaused(true);
    }

    @AfterEach
    void resume() {
        claimer.setPaused(false);
    }

    @Test
    void dryRunsCarryABadgeInTheListAndTheDetail() {
        String dryRef = UUID.randomUUID().toString();
        tenant.given().contentType("application/json").body("{\"checksum\":\"" + CHECKSUM + "\",\"size\":227,\"dryRun\":true}")
                .when().put("/v2/batches/{ref}", dryRef).then().statusCode(201);
        fixture.finished(tenant.clientKey(), dryRef, BatchStatus.SUCCESS, 3, 3, 0, 40);
        String realRef = allocate(tenant);
        fixture.finished(tenant.clientKey(), realRef, BatchStatus.SUCCESS, 3, 3, 0, 40);
        String session = signIn(tenant);

        String list = given().cookie(SessionCookies.NAME, session).when().get("/ui/batches")
                .then().statusCode(200).contentType("text/html").extract().asString();
        assertThat(row(list, dryRef)).contains(
                "<span class=\"badge badge-dryrun\" data-field=\"dry-run\" title=\"Validated only: no customer data was changed\">Dry run</span>");
        assertThat(row(list, realRef)).doesNotContain("badge-dryrun").doesNotContain("Dry run");
        assertThat(count(list, "data-field=\"dry-run\"")).isEqualTo(1);

        String detail = given().cookie(SessionCookies.NAME, session).when().get("/ui/batches/{ref}", dryRef)
                .then().statusCode(200).extract().asString();
        assertThat(detail).contains("id=\"detail-dry-run\"").contains(">Dry run</span>")
                .contains(
                        "<dd id=\"field-dry-run\">Yes: every record was checked against the database, no customer data was changed</dd>");
        String realDetail = given().cookie(SessionCookies.NAME, session).when().get("/ui/batches/{ref}", realRef)
                .then().statusCode(200).extract().asString();
        assertThat(realDetail).doesNotContain("detail-dry-run").doesNotContain("field-dry-run");
    }

    private static String row(String page, String ref) {
        Matcher matcher = Pattern.compile("<tr data-ref=\"" + ref + "\".*?</tr>", Pattern.DOTALL).matcher(page);
        assertThat(matcher.find()).as("row of %s", ref).isTrue();
        return matcher.group();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
