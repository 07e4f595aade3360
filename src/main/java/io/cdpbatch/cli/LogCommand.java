package io.cdpbatch.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Downloads the error log of a batch and prints it decoded, or writes its gzip bytes. */
@Command(name = "log", mixinStandardHelpOptions = true, description = "Print the error log of a batch (one line per record that was not applied).")
final class LogCommand implements Callable<Integer> {

    @ParentCommand
    CdpBatchCli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Parameters(index = "0", paramLabel = "REF", description = "The batch ref (a UUID).")
    String ref;

    @Option(names = "--raw", description = "Write the gzipped NDJSON log as it is stored, not decoded.")
    boolean raw;

    @Option(names = { "-o",
            "--output" }, paramLabel = "FILE", description = "Write to FILE instead of stdout (the gzip bytes with --raw, else the decoded lines).")
    Path output;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        BatchApi api = connection.api();
        JsonNode batch = api.status(ref);
        JsonNode status = batch.path("status");
        String code = BatchText.code(batch);
        if (!status.hasNonNull("log")) {
            String why = status.hasNonNull("message") ? ": " + status.path("message").asText() : "";
            throw new CliException(ExitCodes.REFUSED, "batch " + ref + " has no error log (status " + code + ")" + why);
        }
        byte[] log = api.download(status.path("log").asText(), "downloading the error log");
        if (raw) {
            if (output != null) {
                Files.write(output, log);
            } else {
                OutputStream stdout = cli.binaryOut();
                stdout.write(log);
                stdout.flush();
            }
        } else if (output != null) {
            try (PrintWriter file = new PrintWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8))) {
                ErrorLogPrinter.print(log, file, -1);
            }
        } else {
            ErrorLogPrinter.print(log, spec.commandLine().getOut(), -1);
        }
        if (output != null) {
            err.println("wrote " + output);
            err.flush();
        }
        return ExitCodes.OK;
    }
}
