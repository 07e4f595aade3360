package io.cdpbatch.cli;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;

/** Prints the gzipped NDJSON error log as one readable line per failed record. */
final class ErrorLogPrinter {

    private ErrorLogPrinter() {
    }

    /** What was printed: the lines shown and the lines in the log. */
    record Printed(long shown, long total) {
    }

    /**
     * Prints at most {@code maxLines} entries ({@code < 0}: all), then counts the rest.
     *
     * @throws CliException when the bytes are not a gzipped log
     */
    static Printed print(byte[] gzipped, PrintWriter out, long maxLines) {
        long shown = 0;
        long total = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(gzipped)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                total++;
                if (maxLines < 0 || shown < maxLines) {
                    out.println(decode(line));
                    shown++;
                }
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.REFUSED, "the error log is not a readable gzip file: " + e.getMessage(), e);
        }
        out.flush();
        return new Printed(shown, total);
    }

    /** {@code {"line":8,"ref":"r8","code":"400","message":"...","detail":"..."}} -> {@code line 8  ref r8  code 400  ...}. */
    static String decode(String logLine) {
        JsonNode entry;
        try {
            entry = BatchApi.JSON.readTree(logLine);
        } catch (IOException e) {
            return logLine;
        }
        if (entry == null || !entry.isObject()) {
            return logLine;
        }
        StringBuilder text = new StringBuilder();
        if (entry.hasNonNull("line")) {
            text.append("line ").append(entry.get("line").asText()).append("  ");
        }
        text.append("ref ").append(entry.path("ref").asText("null")).append("  code ")
                .append(entry.path("code").asText("?")).append("  ").append(entry.path("message").asText(""));
        String detail = entry.path("detail").asText("");
        if (!detail.isEmpty()) {
            text.append(": ").append(detail);
        }
        return text.toString();
    }
}
