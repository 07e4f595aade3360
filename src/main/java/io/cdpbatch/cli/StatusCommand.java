package io.cdpbatch.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** GET /v2/batches/{ref}, shown as fields or as the raw body. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the status of a batch.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Parameters(index = "0", paramLabel = "REF", description = "The batch ref (a UUID).")
    String ref;

    @Option(names = "--json", description = "Print the raw JSON body.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode batch = connection.api().status(ref);
        if (json) {
            out.println(BatchApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(batch));
        } else {
            BatchText.printStatus(batch, out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
