package io.cdpbatch.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cdp-batch}: uploads batch files to the /v2/batches API and reads their status and error logs. A plain command-line
 * program packaged as target/cdp-batch-cli.jar; the service never loads it.
 */
@Command(name = "cdp-batch", mixinStandardHelpOptions = true, version = "cdp-batch 1.0", description = "Upload NDJSON batch files to a cdp-batch service and follow them.", subcommands = {
        UploadCommand.class, StatusCommand.class, ListCommand.class, LogCommand.class,
        CompletionCommand.class, HelpCommand.class }, exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:success (upload: the batch ended in success)",
                "1:the batch ended in error (records failed, or the file was unreadable)",
                "2:usage: bad arguments, missing credentials, unreadable file",
                "3:the batch ended in corrupted (size or MD5 mismatch)",
                "4:authentication failed (HTTP 401)",
                "5:network: service or object store unreachable or not answering",
                "6:--timeout elapsed while waiting (the batch goes on)",
                "7:refused by the service or store (unknown ref, 409, other 4xx/5xx), or no error log",
                "9:unexpected local failure" })
public final class CdpBatchCli implements Runnable {

    private final OutputStream binaryOut;
    private final boolean terminal;

    @Spec
    CommandSpec spec;

    /**
     * @param binaryOut where {@code log --raw} writes bytes (stdout in {@link #main})
     * @param terminal whether stderr is an interactive terminal (progress bars instead of lines)
     */
    public CdpBatchCli(OutputStream binaryOut, boolean terminal) {
        this.binaryOut = binaryOut;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        PrintStream stdout = System.out;
        CommandLine cli = commandLine(stdout, System.console() != null);
        cli.setOut(new PrintWriter(stdout, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        System.exit(cli.execute(args));
    }

    /** The command line with its error handling; callers set out and err. */
    public static CommandLine commandLine(OutputStream binaryOut, boolean terminal) {
        CommandLine cli = new CommandLine(new CdpBatchCli(binaryOut, terminal));
        cli.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (exception instanceof CliException failure) {
                err.println("cdp-batch: " + failure.getMessage());
                err.flush();
                return failure.exitCode();
            }
            err.println("cdp-batch: unexpected failure: " + exception);
            err.flush();
            return ExitCodes.INTERNAL;
        });
        return cli;
    }

    OutputStream binaryOut() {
        return binaryOut;
    }

    boolean terminal() {
        return terminal;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a command: upload, status, list, log, completion");
    }
}
