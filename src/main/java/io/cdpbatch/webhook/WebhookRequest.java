package io.cdpbatch.webhook;

import java.io.IOException;
import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.cdpbatch.error.ApiException;

/** The registration body {@code {"url": "https://...", "description": "..."}}, parsed from raw bytes. */
@Schema(name = "WebhookRequest")
public record WebhookRequest(
        @Schema(description = "Absolute https URL of the receiver, at most 2048 characters, no user:password@", required = true, example = "https://example.com/hooks/cdp-batch") String url,
        @Schema(description = "Free text for people, at most 500 characters", example = "Nightly import monitor") String description) {

    static final int MAX_DESCRIPTION = 500;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static WebhookRequest parse(byte[] body, boolean allowHttp) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("Request body is required",
                    "Request body is required: {\"url\": \"https://...\", \"description\": \"...\"}");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("Request body must be a JSON object",
                    "Request body must be a JSON object with url and an optional description: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object",
                    "Request body must be a JSON object with url and an optional description");
        }
        JsonNode url = root.get("url");
        if (url == null || url.isNull()) {
            throw ApiException.badRequest("url is required",
                    "url is required: the absolute https URL the events are POSTed to");
        }
        if (!url.isTextual()) {
            throw ApiException.badRequest("url must be a string",
                    "url must be a string, got " + url.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        String parsedUrl = WebhookUrls.parse("url", url.textValue().trim(), allowHttp).toString();
        JsonNode description = root.get("description");
        String text = null;
        if (description != null && !description.isNull()) {
            if (!description.isTextual()) {
                throw ApiException.badRequest("description must be a string",
                        "description must be a string, got " + description.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            text = description.textValue();
            if (text.length() > MAX_DESCRIPTION) {
                throw ApiException.badRequest("description must be at most " + MAX_DESCRIPTION + " characters",
                        "description must be at most " + MAX_DESCRIPTION + " characters, got " + text.length());
            }
        }
        return new WebhookRequest(parsedUrl, text);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable JSON";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
