package io.cdpbatch.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import org.awaitility.Awaitility;

import io.restassured.path.json.JsonPath;

/** Batches as a client makes them: allocate, upload over the presigned URL, poll the status. */
public final class Batches {

    private static final Set<String> TERMINAL = Set.of("success", "error", "corrupted");

    private Batches() {
    }

    /** Allocates a batch for these bytes and uploads them; returns the ref. */
    public static String upload(Tenants tenant, byte[] file) {
        String ref = UUID.randomUUID().toString();
        String url = allocate(tenant, ref, TestFiles.md5Hex(file), file.length);
        Uploads.Answer answer = Uploads.put(url, file);
        assertThat(answer.status()).as("upload answer: %s", answer.body()).isEqualTo(200);
        return ref;
    }

    public static String uploadLines(Tenants tenant, List<String> lines) {
        return upload(tenant, TestFiles.ndjsonGz(lines));
    }

    /** Allocates and returns the upload URL. */
    public static String allocate(Tenants tenant, String ref, String checksum, long size) {
        return tenant.given().body("{\"checksum\":\"" + checksum + "\",\"size\":" + size + "}")
                .when().put("/v2/batches/{ref}", ref)
                .then().statusCode(201).extract().path("location.href");
    }

    public static JsonPath inspect(Tenants tenant, String ref) {
        return tenant.given().when().get("/v2/batches/inspect/{ref}", ref).then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath status(Tenants tenant, String ref) {
        return tenant.given().when().get("/v2/batches/{ref}", ref).then().statusCode(200).extract().jsonPath();
    }

    /** Waits for a terminal status and returns the inspect body. */
    public static JsonPath awaitTerminal(Tenants tenant, String ref) {
        return awaitTerminal(tenant, ref, Duration.ofSeconds(60));
    }

    public static JsonPath awaitTerminal(Tenants tenant, String ref, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Pipeline.drive();
                    return inspect(tenant, ref);
                }, body -> TERMINAL.contains(body.getString("status.code")));
    }

    /** Waits for this status and returns the inspect body. */
    public static JsonPath awaitStatus(Tenants tenant, String ref, String status) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Pipeline.drive();
                    return inspect(tenant, ref);
                }, body -> status.equals(body.getString("status.code")));
    }

    /** The lines of a gzipped NDJSON download. */
    public static List<String> gunzipLines(byte[] gz) {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
