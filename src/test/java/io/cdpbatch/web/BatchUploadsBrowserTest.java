package io.cdpbatch.web;

import static io.cdpbatch.web.WebTestSupport.allocate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

import io.cdpbatch.lifecycle.BatchStatus;
import io.cdpbatch.lifecycle.WorkRunner;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.Uploads;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The batch uploads page in headless Chromium, against the running service with batches allocated
 * through the real API and put in every status by {@link BatchStateFixture}.
 */
@QuarkusTest
@ApiTest
class BatchUploadsBrowserTest {

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration WAIT = Duration.ofSeconds(15);

    static WebDriver driver;
    static Path profile;
    static Path downloads;

    @TestHTTPResource("/")
    URL base;

    @Inject
    BatchStateFixture fixture;

    /** The fixture puts batches without files in every status: the real processor must not pick them up. */
    @Inject
    WorkRunner claimer;

    Tenants tenant;

    @BeforeAll
    static void startBrowser() throws IOException {
        if (!Files.isExecutable(CHROMEDRIVER)) {
            if (System.getenv("CI") != null) {
                fail("CI is set but " + CHROMEDRIVER + " is missing: install the chromium and chromium-driver packages");
            }
            assumeTrue(false, CHROMEDRIVER + " is missing: install chromium and chromium-driver to run the browser tests");
        }
        profile = Files.createTempDirectory("cdpbatch-chromium-profile");
        downloads = Files.createTempDirectory("cdpbatch-chromium-downloads");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=en-US");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toString());
        prefs.put("download.prompt_for_download", false);
        prefs.put("download.directory_upgrade", true);
        prefs.put("safebrowsing.enabled", false);
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void resumeProcessing() {
        claimer.setPaused(false);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        deleteTree(profile);
        deleteTree(downloads);
    }

    @BeforeEach
    void freshTenant() {
        claimer.setPaused(true);
        driver.manage().window().setSize(new Dimension(1280, 900));
        if (driver.getCurrentUrl().startsWith("http")) {
            driver.manage().deleteAllCookies();
        }
    }

    @Test
    void signInAndSignOut() throws IOException {
        open("ui/batches?status=error");
        assertThat(driver.getCurrentUrl()).contains("/ui/sign-in");
        driver.findElement(By.id("clientKey")).sendKeys(tenant.clientKey());
        driver.findElement(By.id("token")).sendKeys("not-the-token");
        driver.findElement(By.id("sign-in")).click();
        await().atMost(WAIT).until(() -> !driver.findElements(By.id("sign-in-error")).isEmpty());
        assertThat(driver.findElement(By.id("sign-in-error")).getText()).isEqualTo("Wrong client key or API token.");
        screenshot("sign-in-failed.png");

        driver.findElement(By.id("token")).sendKeys(tenant.token());
        driver.findElement(By.id("sign-in")).click();
        // Back where the person was going, signed in.
        await().atMost(WAIT).until(() -> driver.getCurrentUrl().endsWith("/ui/batches?status=error"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Batch uploads");
        assertThat(driver.findElement(By.className("account-key")).getText()).endsWith(tenant.clientKey());
        assertThat(new Select(driver.findElement(By.id("status"))).getFirstSelectedOption().getText())
                .isEqualTo("Status: Error");

        driver.findElement(By.id("sign-out")).click();
        await().atMost(WAIT).until(() -> driver.getCurrentUrl().endsWith("/ui/sign-in?out=1"));
        assertThat(driver.findElement(By.className("notice")).getText()).isEqualTo("You are signed out.");
        open("ui/batches");
        assertThat(driver.getCurrentUrl()).contains("/ui/sign-in?next=ui%2Fbatches");
        open("ui/batches/" + allocate(tenant));
        assertThat(driver.getCurrentUrl()).contains("/ui/sign-in");
    }

    @Test
    void listSearchFilterAndSort() throws IOException {
        Batches b = batchesInEveryStatus();
        signIn();

        assertThat(listedRefs()).containsExactly(b.processing, b.corrupted, b.error, b.success, b.uploading);
        assertThat(driver.findElement(By.id("total-count")).getText()).isEqualTo("5");
        assertThat(rowCells(b.error)).containsExactly(b.error, "Error", "3", "2", "1");
        assertThat(rowCells(b.success)).containsExactly(b.success, "Success", "4", "4", "0");
        assertThat(rowCells(b.uploading)).containsExactly(b.uploading, "Uploading", "\u2014", "\u2014", "\u2014");
        screenshot("batches-list.png");

        // Search by the full ref, then by a part of another one (in capitals).
        search(b.error);
        assertThat(listedRefs()).containsExactly(b.error);
        assertThat(driver.getCurrentUrl()).contains("search=" + b.error);
        search(b.success.substring(9, 23).toUpperCase());
        assertThat(listedRefs()).containsExactly(b.success);
        driver.findElement(By.id("clear")).click();
        await().atMost(WAIT).until(() -> listedRefs().size() == 5);

        // Filter by Error, then Clear.
        new Select(driver.findElement(By.id("status"))).selectByVisibleText("Status: Error");
        await().atMost(WAIT).until(() -> driver.getCurrentUrl().contains("status=error"));
        assertThat(listedRefs()).containsExactly(b.error);
        driver.findElement(By.id("clear")).click();
        await().atMost(WAIT).until(() -> !driver.getCurrentUrl().contains("status="));
        assertThat(listedRefs()).hasSize(5);
        assertThat(new Select(driver.findElement(By.id("status"))).getFirstSelectedOption().getText()).isEqualTo("Status: All");

        // The Modified header flips the order and goes back to the first page; the back button works.
        open("ui/batches?size=2&page=2");
        assertThat(listedRefs()).containsExactly(b.error, b.success);
        assertThat(driver.findElement(By.id("page-position")).getText()).isEqualTo("Page 2 of 3");
        driver.findElement(By.id("sort-modified")).click();
        await().atMost(WAIT).until(() -> driver.getCurrentUrl().contains("sort=modifiedAt"));
        assertThat(driver.getCurrentUrl()).doesNotContain("page=");
        assertThat(listedRefs()).containsExactly(b.uploading, b.success);
        assertThat(driver.findElement(By.id("page-position")).getText()).isEqualTo("Page 1 of 3");
        driver.findElement(By.id("next-page")).click();
        await().atMost(WAIT).until(() -> driver.getCurrentUrl().contains("page=2"));
        assertThat(listedRefs()).containsExactly(b.error, b.corrupted);
        driver.findElement(By.id("sort-modified")).click();
        await().atMost(WAIT).until(() -> !driver.getCurrentUrl().contains("sort="));
        assertThat(listedRefs()).containsExactly(b.processing, b.corrupted);
        driver.navigate().back();
        await().atMost(WAIT).until(() -> driver.getCurrentUrl().contains("sort=modifiedAt&page=2"));
        assertThat(listedRefs()).containsExactly(b.error, b.corrupted);
    }

    @Test
    void detailsShowEveryFieldAndDownloadTheLog() throws IOException {
        Batches b = batchesInEveryStatus();
        signIn();
        driver.findElement(By.linkText(b.error)).click();
        await().atMost(WAIT).until(() -> driver.getCurrentUrl().endsWith("/ui/batches/" + b.error));

        assertThat(driver.findElement(By.id("batch-ref")).getText()).isEqualTo(b.error);
        assertThat(driver.findElement(By.id("detail-status")).getText()).isEqualTo("Error");
        assertThat(driver.findElement(By.id("field-status")).getText()).isEqualTo("Error");
        assertThat(driver.findElement(By.id("field-created")).getText())
                .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC");
        assertThat(driver.findElement(By.id("field-modified")).getText()).isEqualTo(WebFormats.time(b.errorModified));
        assertThat(driver.findElement(By.id("field-time")).getText()).isEqualTo("1,234 ms");
        assertThat(driver.findElement(By.id("field-total")).getText()).isEqualTo("3");
        assertThat(driver.findElement(By.id("field-succeeded")).getText()).isEqualTo("2");
        assertThat(driver.findElement(By.id("field-failed")).getText()).isEqualTo("1");
        assertThat(driver.findElement(By.id("field-checksum")).getText()).isEqualTo(WebTestSupport.CHECKSUM);
        assertThat(driver.findElement(By.id("field-size")).getText()).isEqualTo("2,048 bytes (2.0 KiB)");
        screenshot("batch-detail.png");

        driver.findElement(By.id("download-log")).click();
        Path file = downloads.resolve("errors-" + b.error + ".json.gz");
        await().atMost(WAIT).until(() -> Files.exists(file) && !Files.exists(Path.of(file + ".crdownload")));
        String apiLog = tenant.given().when().get("/v2/batches/{ref}", b.error).then().statusCode(200)
                .extract().path("status.log");
        assertThat(Files.readAllBytes(file)).isEqualTo(Uploads.get(apiLog)).isEqualTo(b.errorLog);
        // the error summary, and the failed records' original lines next to the log
        assertThat(driver.findElements(By.cssSelector("#error-summary tbody td")).stream().map(e -> e.getText()).toList())
                .containsExactly("400", "Validation error", "1", "line 1 guest-17: value.email: not a valid e-mail address");
        driver.findElement(By.id("download-failed-records")).click();
        Path failed = downloads.resolve("failed-records-" + b.error + ".json.gz");
        await().atMost(WAIT).until(() -> Files.exists(failed) && !Files.exists(Path.of(failed + ".crdownload")));
        assertThat(Files.readAllBytes(failed)).isEqualTo(b.failedRecords);

        // A corrupted batch shows its message; a successful one has no log to download.
        open("ui/batches/" + b.corrupted);
        assertThat(driver.findElement(By.id("field-status")).getText()).isEqualTo("Corrupted");
        assertThat(driver.findElement(By.id("batch-message")).getText()).isEqualTo(b.corruptedMessage);
        assertThat(driver.findElements(By.cssSelector("#batch-message b"))).isEmpty();
        assertThat(driver.findElements(By.id("download-log"))).isEmpty();
        screenshot("batch-detail-corrupted.png");
        open("ui/batches/" + b.success);
        assertThat(driver.findElement(By.id("field-time")).getText()).isEqualTo("87 ms");
        assertThat(driver.findElements(By.id("download-log"))).isEmpty();
        assertThat(driver.findElements(By.id("download-failed-records"))).isEmpty();
        assertThat(driver.findElements(By.id("error-summary"))).isEmpty();
    }

    @Test
    void progressBarMovesWhileProcessing() throws IOException {
        String ref = allocate(tenant);
        fixture.update(tenant.clientKey(), ref, batch -> batch.status = BatchStatus.FILE_UPLOADED);
        signIn();

        // In the list: queued, then processing, moving, then done, without a reload.
        WebElement row = row(ref);
        assertThat(row.findElement(By.cssSelector("[data-field=status]")).getText()).isEqualTo("File uploaded");
        assertThat(row.findElement(By.cssSelector("progress")).getDomAttribute("value")).isNull();
        // A mark on the loaded document: still there later means the page was never reloaded.
        ((JavascriptExecutor) driver).executeScript("document.body.dataset.marker = 'same-page';");
        fixture.processing(tenant.clientKey(), ref, 200, 20, 0);
        await().atMost(WAIT).until(() -> "10".equals(progressValue(ref)));
        assertThat(row(ref).findElement(By.cssSelector("[data-field=status]")).getText()).isEqualTo("Processing");
        fixture.processing(tenant.clientKey(), ref, 200, 90, 10);
        await().atMost(WAIT).until(() -> "50".equals(progressValue(ref)));
        assertThat(row(ref).findElement(By.cssSelector("[data-field=succeeded]")).getText()).isEqualTo("90");
        assertThat(row(ref).findElement(By.cssSelector("[data-field=failed]")).getText()).isEqualTo("10");
        assertThat(((JavascriptExecutor) driver).executeScript("return document.body.dataset.marker;")).isEqualTo("same-page");
        screenshot("batches-list-processing.png");

        // In the details: the bar moves, and the page shows the finished batch when it ends.
        open("ui/batches/" + ref);
        assertThat(driver.findElement(By.cssSelector("progress")).getDomAttribute("value")).isEqualTo("50");
        fixture.processing(tenant.clientKey(), ref, 200, 140, 10);
        await().atMost(WAIT).until(() -> "75".equals(driver.findElement(By.cssSelector("progress")).getDomAttribute("value")));
        assertThat(driver.findElement(By.id("field-succeeded")).getText()).isEqualTo("140");
        screenshot("batch-detail-processing.png");
        fixture.finished(tenant.clientKey(), ref, BatchStatus.SUCCESS, 200, 200, 0, 4321);
        await().atMost(WAIT).until(() -> driver.findElements(By.cssSelector("progress")).isEmpty()
                && "Success".equals(driver.findElement(By.id("field-status")).getText()));
        assertThat(driver.findElement(By.id("field-time")).getText()).isEqualTo("4,321 ms");

        // Back in the list, a batch that ends while shown loses its bar.
        String other = allocate(tenant);
        fixture.processing(tenant.clientKey(), other, 10, 1, 0);
        open("ui/batches");
        assertThat(progressValue(other)).isEqualTo("10");
        fixture.finished(tenant.clientKey(), other, BatchStatus.ERROR, 10, 7, 3, 55);
        await().atMost(WAIT).until(() -> row(other).findElements(By.cssSelector("progress")).isEmpty());
        assertThat(row(other).findElement(By.cssSelector("[data-field=status]")).getText()).isEqualTo("Error");
        assertThat(row(other).findElement(By.cssSelector("[data-field=failed]")).getText()).isEqualTo("3");
    }

    @Test
    void htmlIsShownAsText() {
        String ref = allocate(tenant);
        signIn();
        search("<b>x</b>");
        WebElement summary = driver.findElement(By.id("summary"));
        assertThat(summary.getText()).isEqualTo("No batches match the ref <b>x</b>.");
        assertThat(summary.findElements(By.tagName("b"))).isEmpty();
        assertThat(driver.findElement(By.id("search")).getDomProperty("value")).isEqualTo("<b>x</b>");

        String message = "size differs: <b>bold</b><img src=x onerror=\"document.title='pwned'\">";
        fixture.corrupted(tenant.clientKey(), ref, message);
        open("ui/batches/" + ref);
        assertThat(driver.findElement(By.id("batch-message")).getText()).isEqualTo(message);
        assertThat(driver.findElements(By.cssSelector("#batch-message img"))).isEmpty();
        assertThat(driver.getTitle()).doesNotContain("pwned");
    }

    @Test
    void anotherTenantsBatchIsNeverShown() {
        Tenants other = Tenants.create();
        String foreign = allocate(other);
        String own = allocate(tenant);
        signIn();
        assertThat(listedRefs()).containsExactly(own);
        search(foreign);
        assertThat(listedRefs()).isEmpty();
        open("ui/batches/" + foreign);
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Batch not found");
        assertThat(driver.getPageSource()).doesNotContain(foreign);
    }

    @Test
    void emptyStateExplainsAFirstUpload() throws IOException {
        signIn();
        WebElement empty = driver.findElement(By.id("empty-state"));
        assertThat(empty.findElement(By.tagName("h2")).getText()).isEqualTo("No batches yet");
        assertThat(empty.findElement(By.tagName("code")).getText())
                .contains("curl -u \"" + tenant.clientKey() + ":$API_TOKEN\" -X PUT \"" + base + "v2/batches/$REF\"");
        driver.manage().window().setSize(new Dimension(420, 900));
        screenshot("batches-empty-narrow.png");
    }

    /** One batch per status, modified one after the other (uploading oldest, processing newest). */
    private Batches batchesInEveryStatus() {
        Batches b = new Batches();
        b.uploading = allocate(tenant);
        b.success = allocate(tenant);
        b.error = WebTestSupport.allocate(tenant, UUID.randomUUID().toString(), 2048);
        b.corrupted = allocate(tenant);
        b.processing = allocate(tenant);
        fixture.finished(tenant.clientKey(), b.success, BatchStatus.SUCCESS, 4, 4, 0, 87);
        fixture.finished(tenant.clientKey(), b.error, BatchStatus.ERROR, 3, 2, 1, 1234);
        b.errorLog = fixture.errorLog(tenant.clientKey(), b.error, List.of("guest-17"));
        b.failedRecords = fixture.failedRecords(tenant.clientKey(), b.error,
                List.of(Lines.guest("guest-17").email("nope").upsert()));
        fixture.errorSummary(tenant.clientKey(), b.error, "[{\"code\":\"400\",\"message\":\"Validation error\",\"count\":1,"
                + "\"samples\":[{\"line\":1,\"ref\":\"guest-17\",\"detail\":\"value.email: not a valid e-mail address\"}]}]");
        fixture.corrupted(tenant.clientKey(), b.corrupted, b.corruptedMessage);
        fixture.processing(tenant.clientKey(), b.processing, 1000, 420, 30);
        Instant now = Instant.now();
        fixture.modifiedAt(tenant.clientKey(), b.uploading, now.minusSeconds(500));
        fixture.modifiedAt(tenant.clientKey(), b.success, now.minusSeconds(400));
        b.errorModified = now.minusSeconds(300).truncatedTo(ChronoUnit.MILLIS);
        fixture.modifiedAt(tenant.clientKey(), b.error, b.errorModified);
        fixture.modifiedAt(tenant.clientKey(), b.corrupted, now.minusSeconds(200));
        fixture.modifiedAt(tenant.clientKey(), b.processing, now.minusSeconds(100));
        return b;
    }

    static final class Batches {
        String uploading;
        String success;
        String error;
        String corrupted;
        String processing;
        byte[] errorLog;
        byte[] failedRecords;
        Instant errorModified;
        String corruptedMessage = "Size differs: declared 227 bytes, the object has 1,024 bytes <i>(re-upload)</i>";
    }

    private void signIn() {
        open("ui/sign-in");
        driver.findElement(By.id("clientKey")).sendKeys(tenant.clientKey());
        driver.findElement(By.id("token")).sendKeys(tenant.token());
        driver.findElement(By.id("sign-in")).click();
        await().atMost(WAIT).until(() -> driver.getCurrentUrl().endsWith("/ui/batches"));
    }

    private void open(String path) {
        driver.get(base + path);
    }

    private void search(String text) {
        WebElement field = driver.findElement(By.id("search"));
        field.clear();
        field.sendKeys(text);
        String before = driver.getCurrentUrl();
        driver.findElement(By.id("apply")).click();
        await().atMost(WAIT).until(() -> !driver.getCurrentUrl().equals(before));
    }

    private List<String> listedRefs() {
        return driver.findElements(By.cssSelector("#batches tbody tr")).stream().map(tr -> tr.getDomAttribute("data-ref"))
                .toList();
    }

    private WebElement row(String ref) {
        return driver.findElement(By.cssSelector("tr[data-ref='" + ref + "']"));
    }

    private String progressValue(String ref) {
        List<WebElement> bars = row(ref).findElements(By.cssSelector("progress"));
        return bars.isEmpty() ? null : bars.get(0).getDomAttribute("value");
    }

    /** Ref, status, then the three counts of the row (the dates are checked in the details). */
    private List<String> rowCells(String ref) {
        WebElement row = row(ref);
        return Stream.of("td.ref", "[data-field=status]", "[data-field=total]", "[data-field=succeeded]", "[data-field=failed]")
                .map(css -> row.findElement(By.cssSelector(css)).getText()).toList();
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
