package io.cdpbatch.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The batch API as a client uses it: allocate, upload over the presigned URL, poll. */
final class BenchClient {

    static final Set<String> TERMINAL = Set.of("success", "error", "corrupted");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    BenchClient(String baseUrl, String clientKey, String token) {
        this.baseUrl = baseUrl;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((clientKey + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    /** A new API client (a tenant of its own), made through the admin API. */
    static BenchClient newTenant(String baseUrl, String adminToken) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/clients"))
                        .header("Authorization", "Bearer " + adminToken).POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("Creating a client answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode created = JSON.readTree(response.body());
        return new BenchClient(baseUrl, created.path("clientKey").asText(), created.path("token").asText());
    }

    /** Allocates a new batch and returns its ref and upload URL. */
    String[] allocate(String md5Hex, long size) throws IOException, InterruptedException {
        return allocate(md5Hex, size, false);
    }

    /** Allocates a new batch, a dry run when asked, and returns its ref and upload URL. */
    String[] allocate(String md5Hex, long size, boolean dryRun) throws IOException, InterruptedException {
        String ref = UUID.randomUUID().toString();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v2/batches/" + ref))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"checksum\":\"" + md5Hex + "\",\"size\":" + size
                        + (dryRun ? ",\"dryRun\":true" : "") + "}"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("Allocation answered " + response.statusCode() + ": " + response.body());
        }
        return new String[] { ref, JSON.readTree(response.body()).path("location").path("href").asText() };
    }

    void upload(String url, HttpRequest.BodyPublisher body, String md5Hex) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Md5", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(md5Hex)))
                .header("x-amz-server-side-encryption", "AES256").PUT(body).timeout(Duration.ofMinutes(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Upload answered " + response.statusCode() + ": " + response.body());
        }
    }

    void upload(String url, Path file, String md5Hex) throws IOException, InterruptedException {
        upload(url, HttpRequest.BodyPublishers.ofFile(file), md5Hex);
    }

    void upload(String url, byte[] bytes, String md5Hex) throws IOException, InterruptedException {
        upload(url, HttpRequest.BodyPublishers.ofByteArray(bytes), md5Hex);
    }

    JsonNode inspect(String ref) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v2/batches/inspect/" + ref))
                .header("Authorization", authorization).GET().timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Inspect answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static String status(JsonNode view) {
        return view.path("status").path("code").asText();
    }

    /** Polls until the batch is terminal; returns its last view. */
    JsonNode awaitTerminal(String ref, Duration poll, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode view = inspect(ref);
            if (TERMINAL.contains(status(view))) {
                return view;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Batch " + ref + " not terminal within " + timeout + ": " + view);
            }
            Thread.sleep(poll.toMillis());
        }
    }
}
