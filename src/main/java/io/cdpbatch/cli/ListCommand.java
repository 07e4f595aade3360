package io.cdpbatch.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** GET /v2/batches/inspect as a table. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List batches, newest change first.")
final class ListCommand implements Callable<Integer> {

    private static final String[] HEADERS = { "REF", "STATUS", "TOTAL", "SUCCEEDED", "FAILED", "SIZE", "CREATED" };

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(names = "--status", paramLabel = "S1,S2", split = ",", description = "Only these statuses: uploading, file_uploaded, processing, success, error, corrupted.")
    List<String> statuses;

    @Option(names = "--search", paramLabel = "TEXT", description = "Only refs containing this text (case-insensitive).")
    String search;

    @Option(names = "--limit", paramLabel = "N", description = "At most N batches, 1..1000 (service default 100).")
    Integer limit;

    @Option(names = "--offset", paramLabel = "N", description = "Skip the first N batches.")
    Integer offset;

    @Option(names = "--sort", paramLabel = "FIELD", description = "modifiedAt or createdAt, '-' prefix for descending (service default -modifiedAt).")
    String sort;

    @Option(names = "--json", description = "Print the raw JSON body.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", statuses == null ? null : String.join(",", statuses));
        query.put("search", search);
        query.put("limit", limit == null ? null : limit.toString());
        query.put("offset", offset == null ? null : offset.toString());
        query.put("sort", sort);
        JsonNode page = connection.api().list(query);
        if (json) {
            out.println(BatchApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(page));
            out.flush();
            return ExitCodes.OK;
        }
        List<String[]> rows = new ArrayList<>();
        for (JsonNode item : page.path("items")) {
            JsonNode summary = item.path("summary");
            rows.add(new String[] { item.path("ref").asText(), item.path("status").asText(),
                    summary.isObject() ? summary.path("totalCount").asText() : "-",
                    summary.isObject() ? summary.path("succeededCount").asText() : "-",
                    summary.isObject() ? summary.path("failedCount").asText() : "-",
                    item.hasNonNull("size") ? item.path("size").asText() : "-", item.path("createdAt").asText("") });
        }
        long total = page.path("totalCount").asLong(rows.size());
        if (rows.isEmpty()) {
            out.println("no batches" + (total > 0 ? " on this page (" + total + " in all)" : ""));
            out.flush();
            return ExitCodes.OK;
        }
        int[] widths = new int[HEADERS.length];
        for (int i = 0; i < HEADERS.length; i++) {
            widths[i] = HEADERS[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        printRow(out, HEADERS, widths);
        rows.forEach(row -> printRow(out, row, widths));
        long first = page.path("offset").asLong(0) + 1;
        out.println(rows.size() == total ? total + (total == 1 ? " batch" : " batches")
                : "batches " + first + "-" + (first + rows.size() - 1) + " of " + total);
        out.flush();
        return ExitCodes.OK;
    }

    private static void printRow(PrintWriter out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean number = i >= 2 && i <= 5;
            String cell = cells[i];
            String padding = " ".repeat(widths[i] - cell.length());
            line.append(number ? padding + cell : cell + padding);
            if (i < cells.length - 1) {
                line.append("  ");
            }
        }
        out.println(line.toString().stripTrailing());
    }
}
