package io.cdpbatch.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The /v2/batches API and the presigned object-store URLs, over the JDK HTTP client. */
final class BatchApi {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration API_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private final HttpClient http;
    private final String baseUrl;
    private final String authorization;

    BatchApi(String baseUrl, String clientKey, String token) {
        // HTTP/1.1: an object store wants a plain PUT with Content-Length, not an h2c upgrade attempt
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((clientKey + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code PUT /v2/batches/{ref}}: allocates the batch (or renews its upload URL) and returns the answer body. */
    JsonNode allocate(String ref, String checksum, long size) {
        return allocate(ref, checksum, size, false);
    }

    /** As above; a dry run sends {@code "dryRun": true} (a normal batch sends no dryRun, as the original API). */
    JsonNode allocate(String ref, String checksum, long size, boolean dryRun) {
        ObjectNode body = JSON.createObjectNode().put("checksum", checksum).put("size", size);
        if (dryRun) {
            body.put("dryRun", true);
        }
        HttpRequest request = api("/v2/batches/" + segment(ref)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return json(sendApi(request, "allocating batch " + ref));
    }

    /** {@code GET /v2/batches/{ref}}. */
    JsonNode status(String ref) {
        return json(sendApi(api("/v2/batches/" + segment(ref)).GET().build(), "reading batch " + ref));
    }

    /** {@code GET /v2/batches/inspect} with these query parameters (null values left out). */
    JsonNode list(Map<String, String> query) {
        Map<String, String> present = new LinkedHashMap<>();
        query.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                present.put(name, value);
            }
        });
        String queryString = present.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String path = "/v2/batches/inspect" + (queryString.isEmpty() ? "" : "?" + queryString);
        return json(sendApi(api(path).GET().build(), "listing batches"));
    }

    /**
     * PUTs the gzipped file to the presigned URL with the headers the URL was signed with, reporting the bytes handed to the
     * connection as they go.
     */
    void upload(String presignedUrl, BatchFile file, LongConsumer sent) {
        HttpRequest.BodyPublisher counting = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return new CountingInputStream(Files.newInputStream(file.gzipped()), sent);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }), file.size());
        HttpRequest request = HttpRequest.newBuilder(uri(presignedUrl)).header("Content-Md5", file.md5Base64())
                .header("x-amz-server-side-encryption", "AES256").PUT(counting).build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(), "uploading the file");
        if (response.statusCode() != 200) {
            throw new CliException(ExitCodes.REFUSED, "the object store refused the upload: HTTP " + response.statusCode()
                    + storeError(response.body()));
        }
    }

    /** GETs a presigned URL (the error log) and returns its bytes. */
    byte[] download(String presignedUrl, String what) {
        HttpRequest request = HttpRequest.newBuilder(uri(presignedUrl)).GET().build();
        HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray(), what);
        if (response.statusCode() != 200) {
            throw new CliException(ExitCodes.REFUSED, what + " failed: the object store answered HTTP "
                    + response.statusCode() + storeError(new String(response.body(), StandardCharsets.UTF_8)));
        }
        return response.body();
    }

    private HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(uri(baseUrl + path)).timeout(API_TIMEOUT).header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    private HttpResponse<String> sendApi(HttpRequest request, String what) {
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(), what);
        int status = response.statusCode();
        if (status == 401) {
            throw new CliException(ExitCodes.AUTH, "authentication failed: check client key and token");
        }
        if (status < 200 || status > 299) {
            throw new CliException(ExitCodes.REFUSED, what + " failed: HTTP " + status + apiError(response.body()));
        }
        return response;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what) {
        String target = request.uri().getScheme() + "://" + request.uri().getAuthority();
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw new CliException(ExitCodes.NETWORK, what + " failed: cannot connect to " + target + " (timed out)", e);
        } catch (HttpTimeoutException e) {
            throw new CliException(ExitCodes.NETWORK, what + " failed: " + target + " did not answer in time", e);
        } catch (ConnectException e) {
            throw new CliException(ExitCodes.NETWORK, what + " failed: cannot connect to " + target
                    + " (is the service running and --url right?)", e);
        } catch (UncheckedIOException e) {
            throw new CliException(ExitCodes.USAGE, what + " failed: cannot read the file: " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new CliException(ExitCodes.NETWORK, what + " failed: network error talking to " + target + ": "
                    + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERNAL, what + " interrupted", e);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static URI uri(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "not a valid URL: " + url);
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliException(ExitCodes.REFUSED, "the service answered something that is not JSON (HTTP "
                    + response.statusCode() + "): " + abbreviate(response.body()));
        }
    }

    /** The message and developer message of the API's error body, or the start of whatever came. */
    static String apiError(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode error = JSON.readTree(body);
            String message = error.path("message").asText("");
            String developerMessage = error.path("developerMessage").asText("");
            if (message.isEmpty()) {
                return ": " + abbreviate(body);
            }
            return ": " + message + (developerMessage.isEmpty() || developerMessage.equals(message) ? ""
                    : " (" + developerMessage + ")");
        } catch (IOException e) {
            return ": " + abbreviate(body);
        }
    }

    /** Code and message of an S3 XML error body. */
    static String storeError(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        Matcher code = XML_CODE.matcher(body);
        Matcher message = XML_MESSAGE.matcher(body);
        if (code.find()) {
            return ": " + code.group(1) + (message.find() ? " (" + message.group(1) + ")" : "");
        }
        return ": " + abbreviate(body);
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }

    /** Counts the bytes read by the HTTP client, which are the bytes it sends. */
    private static final class CountingInputStream extends FilterInputStream {

        private final LongConsumer sent;
        private long count;

        CountingInputStream(InputStream in, LongConsumer sent) {
            super(in);
            this.sent = sent;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                sent.accept(++count);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
                sent.accept(count);
            }
            return n;
        }
    }
}
