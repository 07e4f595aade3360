package io.cdpbatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import io.cdpbatch.storage.ObjectKeys;
import io.cdpbatch.storage.ObjectStorage;
import io.quarkus.arc.Arc;

/** Uploads over a presigned URL with a plain HTTP client, exactly as a client of the original API does. */
public final class Uploads {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Uploads() {
    }

    public record Answer(int status, String body) {
    }

    /** PUT with the documented headers: {@code Content-Md5} (base64) and the SSE header. */
    public static Answer put(String url, byte[] body) {
        return put(url, body, TestFiles.md5Base64(body), true);
    }

    public static Answer put(String url, byte[] body, String contentMd5, boolean sseHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentMd5 != null) {
            request.header("Content-Md5", contentMd5);
        }
        if (sseHeader) {
            request.header("x-amz-server-side-encryption", "AES256");
        }
        return send(request.build());
    }

    /**
     * Puts the bytes in the store as a batch's upload without the presigned URL (which refuses a
     * body of another size than declared): an object that got there by other means, for the tests
     * of what the service does with one. In-process tests only.
     */
    public static void storeDirectly(String clientKey, String ref, byte[] bytes) {
        Arc.container().instance(ObjectStorage.class).get().put(ObjectKeys.upload(clientKey, UUID.fromString(ref)), bytes,
                "application/gzip");
    }

    public static byte[] get(String url) {
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Answer send(HttpRequest request) {
        // A fresh connection per upload: a store that refuses a PUT closes the connection without
        // reading the body, and a pooled connection reused after that answers nothing.
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
