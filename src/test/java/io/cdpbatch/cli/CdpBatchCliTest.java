package io.cdpbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.lifecycle.WorkRunner;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Pipeline;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestFiles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The cdp-batch CLI run in-process against the test service, with real uploads and real processing. */
@QuarkusTest
@ApiTest
class CdpBatchCliTest {

    static final Pattern UPLOADED_REF = Pattern.compile("^batch ([0-9a-f-]{36}): ", Pattern.MULTILINE);

    @TestHTTPResource("/")
    URL baseUrl;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WorkRunner claimer;

    Tenants tenant;
    Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("cdp-batch-cli-test");
    }

    @AfterEach
    void tearDown() throws IOException {
        claimer.setPaused(false);
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
        }
    }

    record Run(int exitCode, String out, String err, byte[] binary) {
    }

    /** Runs {@code cdp-batch <command> <args> --url ... --client-key ... --token ...} as the test tenant. */
    Run cli(String command, String... args) {
        return cliAs(tenant.clientKey(), tenant.token(), command, args);
    }

    Run cliAs(String clientKey, String token, String command, String... args) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(Arrays.asList(args));
        all.addAll(List.of("--url", baseUrl.toString(), "--client-key", clientKey, "--token", token));
        return raw(all.toArray(String[]::new));
    }

    static Run raw(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var binary = new ByteArrayOutputStream();
        var cli = CdpBatchCli.commandLine(binary, false);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        // the CLI polls the status itself: the pipeline is driven meanwhile (the scheduler is off in tests)
        int exitCode = Pipeline.drivingWhile(() -> cli.execute(args));
        return new Run(exitCode, out.toString(), err.toString(), binary.toByteArray());
    }

    static String refOf(Run run) {
        Matcher matcher = UPLOADED_REF.matcher(run.out());
        assertThat(matcher.find()).as("ref in %s", run.out()).isTrue();
        return matcher.group(1);
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    Path plain(String name, String... lines) throws IOException {
        return write(name, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    Path gz(String name, String... lines) throws IOException {
        return write(name, TestFiles.ndjsonGz(List.of(lines)));
    }

    @Test
    void uploadOfPlainNdjsonSucceedsAndAppliesTheRecords() throws Exception {
        Path file = plain("guests.ndjson", Lines.guest("r1").identifier("crm", "cli-1").firstName("Ada").upsert(),
                Lines.guest("r2").identifier("crm", "cli-2").firstName("Grace").upsert());

        Run run = cli("upload", file.toString(), "--poll-interval", "100ms", "--timeout", "60s");

        assertThat(run.exitCode()).as("stderr: %s", run.err()).isEqualTo(ExitCodes.OK);
        String ref = refOf(run);
        assertThat(run.out()).isEqualTo("batch " + ref + ": success\n"
                + "records: 2 total, 2 succeeded, 0 failed\n"
                + "processing time: " + Batches.status(tenant, ref).getLong("status.summary.timeToProcessMs") + " ms\n");
        // the file was gzipped on the way: the stored batch declares the gzipped size, not the plain one
        assertThat(Batches.status(tenant, ref).getLong("size")).isNotEqualTo(Files.size(file));
        assertThat(firstName("cli-1")).isEqualTo("Ada");
        assertThat(firstName("cli-2")).isEqualTo("Grace");
        // stderr is no terminal here: plain progress lines, no carriage returns, ending at 100 %
        assertThat(run.err()).doesNotContain("\r")
                .contains("guests.ndjson: ").contains(" gzipped, md5 ")
                .contains("batch " + ref + " allocated\n")
                .containsPattern("upload: 100% [0-9.]+ (B|KiB) / [0-9.]+ (B|KiB)\n")
                .endsWith("processing: 100% 2 / 2 (records, 0 failed)\n");
    }

    @Test
    void uploadOfGzWithAFailingLineExitsWithTheErrorCodeAndPrintsTheDecodedLog() throws Exception {
        Path file = gz("guests.json.gz", Lines.guest("ok").identifier("crm", "cli-3").firstName("Linus").upsert(),
                "not json at all",
                Lines.guest("r3").firstName("Nobody").upsert());

        Run run = cli("upload", file.toString(), "--poll-interval", "100ms", "--progress");

        assertThat(run.exitCode()).as("stderr: %s", run.err()).isEqualTo(ExitCodes.BATCH_ERROR);
        String ref = refOf(run);
        List<String> out = run.out().lines().toList();
        assertThat(out.get(0)).isEqualTo("batch " + ref + ": error");
        assertThat(out.get(1)).isEqualTo("records: 3 total, 1 succeeded, 2 failed");
        assertThat(out.get(2)).startsWith("processing time: ");
        assertThat(out.get(3)).isEqualTo("error log:");
        assertThat(out.get(4)).startsWith("line 2  ref null  code 400  Failed to parse import line");
        assertThat(out.get(5)).startsWith("line 3  ref r3  code 400  Identity information missing");
        assertThat(out).hasSize(6);
        assertThat(firstName("cli-3")).isEqualTo("Linus");
        // the file was gzip already: sent as it is
        assertThat(Batches.status(tenant, ref).getLong("size")).isEqualTo(Files.size(file));
        assertThat(Batches.status(tenant, ref).getString("checksum")).isEqualTo(TestFiles.md5Hex(Files.readAllBytes(file)));
        // --progress draws bars redrawn in place
        assertThat(run.err()).contains(" (already gzip), md5 ")
                .containsPattern("\rupload: \\[#{30}\\] 100% ")
                .containsPattern("\rprocessing: \\[#{30}\\] 100% 3 / 3 \\(records, 2 failed\\) *\n");
    }

    @Test
    void uploadPrintsOnlyTheFirstLogLinesWhenAsked() throws Exception {
        Path file = plain("bad.ndjson", "x", "y", "z");

        Run run = cli("upload", file.toString(), "--poll-interval", "100ms", "--log-lines", "1", "--quiet");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BATCH_ERROR);
        String ref = refOf(run);
        List<String> out = run.out().lines().toList();
        assertThat(out.subList(3, out.size())).containsExactly("error log:",
                out.get(4), "... 2 more; all of them: cdp-batch log " + ref);
        assertThat(out.get(4)).startsWith("line 1  ref null  code 400  Failed to parse import line");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void anUnreadableGzipEndsInErrorWithTheServiceMessage() throws Exception {
        // starts with the gzip magic, so it is sent as it is, but it is no gzip stream
        Path file = write("broken.json.gz", new byte[] { 0x1f, (byte) 0x8b, 'n', 'o', 't', ' ', 'g', 'z' });

        Run run = cli("upload", file.toString(), "--poll-interval", "100ms", "--quiet");

        assertThat(run.exitCode()).as("stderr: %s", run.err()).isEqualTo(ExitCodes.BATCH_ERROR);
        String ref = refOf(run);
        String message = Batches.status(tenant, ref).getString("status.message");
        assertThat(message).isNotBlank();
        assertThat(run.out()).startsWith("batch " + ref + ": error\n").endsWith("message: " + message + "\n")
                .doesNotContain("error log:");
    }

    @Test
    void uploadWithNoWaitPrintsTheRef() throws Exception {
        Path file = plain("one.ndjson", Lines.guest("r1").identifier("crm", "cli-4").firstName("Alan").upsert());

        Run run = cli("upload", file.toString(), "--no-wait", "--quiet");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        String ref = run.out().strip();
        assertThat(UUID.fromString(ref).toString()).isEqualTo(ref);
        assertThat(Batches.awaitTerminal(tenant, ref).getString("status.code")).isEqualTo("success");
    }

    @Test
    void uploadWithDryRunValidatesWithoutChangingData() throws Exception {
        String id = "cli-dry-" + UUID.randomUUID();
        Path file = plain("dry.ndjson", Lines.guest("r1").identifier("crm", id).firstName("Dora").upsert());

        Run run = cli("upload", file.toString(), "--dry-run", "--no-wait");

        assertThat(run.exitCode()).as("stderr: %s", run.err()).isEqualTo(ExitCodes.OK);
        String ref = run.out().strip();
        assertThat(run.err()).contains("batch " + ref + " allocated as a dry run (no customer data changes)\n");
        var done = Batches.awaitTerminal(tenant, ref);
        assertThat(done.getString("status.code")).isEqualTo("success");
        assertThat(done.getBoolean("dryRun")).isTrue();
        tenant.given().queryParam("identifiers.provider", "crm").queryParam("identifiers.id", id).get("/v2.1/guests")
                .then().statusCode(200).body("items.size()", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void uploadGivesUpAfterTheTimeoutWhileTheBatchGoesOn() throws Exception {
        claimer.setPaused(true);
        Path file = plain("slow.ndjson", Lines.guest("r1").identifier("crm", "cli-5").firstName("Barbara").upsert());
        String ref = UUID.randomUUID().toString();

        Run run = cli("upload", file.toString(), "--ref", ref, "--timeout", "1s", "--poll-interval", "200ms");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).endsWith("cdp-batch: batch " + ref + " is not done after 1s; it goes on: follow it with "
                + "`cdp-batch status " + ref + "`\n");
        claimer.setPaused(false);
        assertThat(Batches.awaitTerminal(tenant, ref).getString("status.code")).isEqualTo("success");
    }

    @Test
    void statusShowsTheFieldsOrTheRawBody() throws Exception {
        String ref = Batches.uploadLines(tenant,
                List.of(Lines.guest("r1").identifier("crm", "cli-6").firstName("Edsger").upsert()));
        var done = Batches.awaitTerminal(tenant, ref);

        Run run = cli("status", ref);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo(String.join("\n",
                "ref                " + ref,
                "status             success",
                "records            1 total, 1 succeeded, 0 failed",
                "time               " + done.getLong("status.summary.timeToProcessMs") + " ms",
                "checksum           " + done.getString("checksum"),
                "size               " + done.getLong("size") + " bytes",
                "created            " + done.getString("createdAt"),
                "modified           " + done.getString("modifiedAt"),
                "href               " + baseUrl + "v2/batches/" + ref) + "\n");

        Run json = cli("status", ref, "--json");

        assertThat(json.exitCode()).isEqualTo(ExitCodes.OK);
        JsonNode body = new ObjectMapper().readTree(json.out());
        assertThat(body.path("ref").asText()).isEqualTo(ref);
        assertThat(body.path("status").path("code").asText()).isEqualTo("success");
        assertThat(body.path("status").path("summary").path("succeededCount").asLong()).isEqualTo(1);
    }

    @Test
    void listShowsATableFilteredByStatusAndSearch() {
        String good = Batches.uploadLines(tenant,
                List.of(Lines.guest("r1").identifier("crm", "cli-7").firstName("Ken").upsert()));
        String bad = Batches.uploadLines(tenant, List.of("nope"));
        Batches.awaitTerminal(tenant, good);
        var failed = Batches.awaitTerminal(tenant, bad);

        Run errors = cli("list", "--status", "error,corrupted");

        assertThat(errors.exitCode()).isEqualTo(ExitCodes.OK);
        List<String> lines = errors.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("REF +STATUS +TOTAL +SUCCEEDED +FAILED +SIZE +CREATED");
        assertThat(lines.get(1)).matches(bad + " +error +1 +0 +1 +" + failed.getLong("size") + " +"
                + Pattern.quote(failed.getString("createdAt")));
        assertThat(lines.get(2)).isEqualTo("1 batch");

        Run all = cli("list");
        assertThat(all.out()).contains(good).contains(bad).endsWith("2 batches\n");

        Run searched = cli("list", "--search", good.substring(0, 13).toUpperCase());
        assertThat(searched.out()).contains(good).doesNotContain(bad);

        Run page = cli("list", "--limit", "1");
        assertThat(page.out().lines().toList()).hasSize(3).last().isEqualTo("batches 1-1 of 2");

        Run none = cli("list", "--status", "corrupted");
        assertThat(none.out()).isEqualTo("no batches\n");

        Run wrong = cli("list", "--status", "lost");
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(wrong.err()).startsWith("cdp-batch: listing batches failed: HTTP 400: ");
    }

    @Test
    void logPrintsTheDecodedLogOrItsRawBytes() throws Exception {
        String ref = Batches.uploadLines(tenant,
                List.of(Lines.guest("r1").identifier("crm", "cli-8").firstName("Niklaus").upsert(), "[1,2]",
                        Lines.guest("r3").firstName("Nobody").upsert()));
        var done = Batches.awaitTerminal(tenant, ref);
        assertThat(done.getString("status.code")).isEqualTo("error");

        Run decoded = cli("log", ref);

        assertThat(decoded.exitCode()).isEqualTo(ExitCodes.OK);
        List<String> lines = decoded.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("line 2  ref null  code 400  ");
        assertThat(lines.get(1)).startsWith("line 3  ref r3  code 400  Identity information missing");

        // the status shows the failed records' URL and the error summary, one line per kind
        List<String> status = cli("status", ref).out().lines().toList();
        assertThat(status).anyMatch(l -> l.startsWith("failed records     http") && l.contains("/failed-records.json.gz"));
        int errors = status.indexOf("errors");
        assertThat(errors).isPositive();
        assertThat(status.get(errors + 1)).startsWith("         1 x 400 Failed to parse import line, first at line 2: ");
        assertThat(status.get(errors + 2)).isEqualTo("         1 x 400 Identity information missing, first at line 3: "
                + done.getString("status.summary.errors[1].samples[0].detail"));

        Run raw = cli("log", ref, "--raw");
        assertThat(raw.exitCode()).isEqualTo(ExitCodes.OK);
        List<String> rawLines = Batches.gunzipLines(raw.binary());
        assertThat(rawLines).hasSize(2);
        assertThat(new ObjectMapper().readTree(rawLines.get(1)).path("ref").asText()).isEqualTo("r3");
        assertThat(raw.out()).isEmpty();

        Path gzFile = dir.resolve("errors.json.gz");
        Run rawToFile = cli("log", ref, "--raw", "--output", gzFile.toString());
        assertThat(rawToFile.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllBytes(gzFile)).isEqualTo(raw.binary());
        assertThat(rawToFile.err()).isEqualTo("wrote " + gzFile + "\n");

        Path textFile = dir.resolve("errors.txt");
        Run textToFile = cli("log", ref, "--output", textFile.toString());
        assertThat(textToFile.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(textFile)).isEqualTo(decoded.out());
    }

    @Test
    void logOfABatchWithoutLogSaysSo() {
        String ref = Batches.uploadLines(tenant,
                List.of(Lines.guest("r1").identifier("crm", "cli-9").firstName("Tony").upsert()));
        Batches.awaitTerminal(tenant, ref);

        Run run = cli("log", ref);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("cdp-batch: batch " + ref + " has no error log (status success)\n");
    }

    @Test
    void failuresHaveClearMessagesAndDistinctExitCodes() throws IOException {
        String unknown = UUID.randomUUID().toString();

        Run auth = cliAs(tenant.clientKey(), "wrong-token", "status", unknown);
        assertThat(auth.exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(auth.err()).isEqualTo("cdp-batch: authentication failed: check client key and token\n");

        Run notFound = cli("status", unknown);
        assertThat(notFound.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(notFound.err()).startsWith("cdp-batch: reading batch " + unknown + " failed: HTTP 404: ");

        Run badRef = cli("status", "not-a-uuid");
        assertThat(badRef.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(badRef.err()).startsWith("cdp-batch: reading batch not-a-uuid failed: HTTP 400: ");

        Run network = raw("status", unknown, "--url", "http://127.0.0.1:1", "--client-key", "k", "--token", "t");
        assertThat(network.exitCode()).isEqualTo(ExitCodes.NETWORK);
        assertThat(network.err()).isEqualTo("cdp-batch: reading batch " + unknown
                + " failed: cannot connect to http://127.0.0.1:1 (is the service running and --url right?)\n");

        Run missingFile = cli("upload", dir.resolve("missing.ndjson").toString());
        assertThat(missingFile.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missingFile.err()).isEqualTo("cdp-batch: cannot read file " + dir.resolve("missing.ndjson") + "\n");

        Run noCommand = raw();
        assertThat(noCommand.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noCommand.err()).startsWith("choose a command: upload, status, list, log");

        Run unknownOption = cli("list", "--colour");
        assertThat(unknownOption.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownOption.err()).startsWith("Unknown option: '--colour'");
    }

    @Test
    void anEmptyFileIsAnEmptyBatch() throws IOException {
        Run run = cli("upload", write("empty.ndjson", new byte[0]).toString(), "--quiet", "--poll-interval", "100ms");
        assertThat(run.exitCode()).as("stderr: %s", run.err()).isEqualTo(ExitCodes.OK);
        List<String> out = run.out().lines().toList();
        assertThat(out.get(0)).isEqualTo("batch " + refOf(run) + ": success");
        assertThat(out.get(1)).isEqualTo("records: 0 total, 0 succeeded, 0 failed");
        assertThat(out).hasSize(3);
    }

    @Test
    void helpListsTheExitCodes() {
        Run help = raw("--help");

        assertThat(help.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(help.out()).contains("upload", "status", "list", "log", "Exit codes:",
                "4   authentication failed (HTTP 401)");
    }

    String firstName(String id) throws SQLException {
        String sql = "SELECT g.first_name FROM guest g JOIN guest_identifier gi ON gi.guest_id = g.id"
                + " JOIN api_client a ON a.id = g.client_id WHERE a.client_key = ? AND gi.provider = 'crm' AND gi.id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tenant.clientKey());
            s.setString(2, id);
            try (ResultSet rows = s.executeQuery()) {
                assertThat(rows.next()).as("guest crm/%s exists", id).isTrue();
                return rows.getString(1);
            }
        }
    }
}
