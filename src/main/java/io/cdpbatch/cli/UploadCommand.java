package io.cdpbatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Gzips if needed, allocates, uploads, waits for the outcome and shows it. */
@Command(name = "upload", mixinStandardHelpOptions = true, description = "Upload a batch file (plain NDJSON or gzip), wait for the outcome, print the summary and the decoded"
        + " error log. Exit code 0 only when the batch ends in success.")
final class UploadCommand implements Callable<Integer> {

    /** Consecutive failed status polls (network) tolerated while waiting. */
    private static final int POLL_FAILURES_TOLERATED = 5;

    @ParentCommand
    CdpBatchCli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Parameters(index = "0", paramLabel = "FILE", description = "NDJSON file, plain or gzipped (detected by content).")
    Path file;

    @Option(names = "--ref", paramLabel = "UUID", description = "Batch ref to use (default: a new random UUID). Reusing the ref of a batch still uploading retries it.")
    UUID ref;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class, description = "How long to wait for a terminal status, e.g. 90s, 10m, 2h; 0 waits forever (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class, description = "Pause between status requests while waiting (default ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--no-wait", description = "Print the ref once the upload is done and exit 0 without waiting.")
    boolean noWait;

    @Option(names = "--log-lines", paramLabel = "N", defaultValue = "100", description = "Error log lines to print on error; -1 prints all (default ${DEFAULT-VALUE}). `log REF` shows all.")
    long logLines;

    @Option(names = "--dry-run", description = "Validate every record against the service's data and report as usual, without changing any customer data.")
    boolean dryRun;

    @Option(names = "--progress", description = "Draw progress bars even when stderr is not a terminal.")
    boolean progressBars;

    @Option(names = { "-q", "--quiet" }, description = "No progress on stderr (the summary still goes to stdout).")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BatchApi api = connection.api();
        String batchRef = (ref == null ? UUID.randomUUID() : ref).toString();
        try (BatchFile prepared = BatchFile.prepare(file)) {
            if (!quiet) {
                err.printf("%s: %s%s, md5 %s%n", file, Progress.bytes(prepared.size()),
                        prepared.temporary() ? " gzipped" : " (already gzip)", prepared.md5Hex());
                err.flush();
            }
            JsonNode allocated = api.allocate(batchRef, prepared.md5Hex(), prepared.size(), dryRun);
            String uploadUrl = allocated.path("location").path("href").asText("");
            if (uploadUrl.isEmpty()) {
                throw new CliException(ExitCodes.REFUSED, "the service gave no upload URL for batch " + batchRef);
            }
            if (!quiet) {
                err.println("batch " + batchRef + " allocated" + (dryRun ? " as a dry run (no customer data changes)" : ""));
                String duplicateOf = allocated.path("duplicateOf").asText("");
                if (!duplicateOf.isEmpty()) {
                    err.println("note: the same file was already processed successfully as batch " + duplicateOf);
                }
                err.flush();
            }
            Progress upload = progress(err, "upload", Progress::bytes);
            upload.update(0, prepared.size(), null);
            api.upload(uploadUrl, prepared, sent -> upload.update(sent, prepared.size(), null));
            upload.finish(prepared.size(), prepared.size(), null);
        }
        if (noWait) {
            out.println(batchRef);
            out.flush();
            return ExitCodes.OK;
        }
        JsonNode done = awaitTerminal(api, batchRef, err);
        if (done == null) {
            err.println("cdp-batch: batch " + batchRef + " is not done after " + timeout.toSeconds()
                    + "s; it goes on: follow it with `cdp-batch status " + batchRef + "`");
            err.flush();
            return ExitCodes.TIMEOUT;
        }
        return report(api, done, out, err);
    }

    /** Polls until a terminal status; null when the timeout elapses first. */
    private JsonNode awaitTerminal(BatchApi api, String batchRef, PrintWriter err) {
        Progress processing = progress(err, "processing", Long::toString);
        ProcessingProgress shown = new ProcessingProgress();
        long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        int failures = 0;
        while (true) {
            JsonNode batch;
            try {
                batch = api.status(batchRef);
                failures = 0;
            } catch (CliException e) {
                if (e.exitCode() != ExitCodes.NETWORK || ++failures > POLL_FAILURES_TOLERATED) {
                    throw e;
                }
                batch = null;
                if (!quiet) {
                    err.println("status request failed (" + failures + "/" + POLL_FAILURES_TOLERATED + "), retrying: "
                            + e.getMessage());
                    err.flush();
                }
            }
            if (batch != null) {
                ProcessingProgress.Shown step = shown.next(batch);
                if (BatchText.terminal(BatchText.code(batch))) {
                    processing.finishPercent(step.percent(), step.detail());
                    return batch;
                }
                processing.updatePercent(step.percent(), step.detail());
            }
            if (System.nanoTime() + pollInterval.toNanos() > deadline) {
                processing.finish(0, 0, "gave up waiting");
                return null;
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.INTERNAL, "interrupted while waiting for batch " + batchRef, e);
            }
        }
    }

    private int report(BatchApi api, JsonNode batch, PrintWriter out, PrintWriter err) {
        String code = BatchText.code(batch);
        JsonNode status = batch.path("status");
        out.println("batch " + batch.path("ref").asText() + ": " + code);
        String records = BatchText.records(status.path("summary"));
        if (records != null) {
            out.println("records: " + records);
            out.println("processing time: " + status.path("summary").path("timeToProcessMs").asLong() + " ms");
        }
        if (status.hasNonNull("message")) {
            out.println("message: " + status.path("message").asText());
        }
        if (code.equals("error") && status.hasNonNull("log")) {
            byte[] log = api.download(status.path("log").asText(), "downloading the error log");
            out.println("error log:");
            ErrorLogPrinter.Printed printed = ErrorLogPrinter.print(log, out, logLines);
            if (printed.shown() < printed.total()) {
                out.println("... " + (printed.total() - printed.shown()) + " more; all of them: cdp-batch log "
                        + batch.path("ref").asText());
            }
        }
        out.flush();
        return switch (code) {
            case "success" -> ExitCodes.OK;
            case "corrupted" -> ExitCodes.BATCH_CORRUPTED;
            default -> ExitCodes.BATCH_ERROR;
        };
    }

    private Progress progress(PrintWriter err, String label, LongFunction<String> unit) {
        Progress.Mode mode = quiet ? Progress.Mode.NONE
                : progressBars || cli.terminal() ? Progress.Mode.BAR : Progress.Mode.LINES;
        return new Progress(err, mode, label, unit, Duration.ofSeconds(5));
    }
}
