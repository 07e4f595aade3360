package io.cdpbatch.batch;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.cdpbatch.error.ApiException;

/**
 * The allocation body: {@code {"checksum": "<md5 hex>", "size": N}}, parsed from raw bytes whatever
 * the content type, {@code size} as a JSON number or a numeric string, and the optional extension
 * {@code "dryRun": true|false} (a JSON boolean; absent means false, anything else is refused) and
 * {@code "callbackUrl"} (a per-batch completion webhook).
 */
public record AllocateRequest(String checksum, long size,
        @Schema(description = "Extension: an https URL that receives this batch's completion event, signed with the callbackSecret of the 201 answer") String callbackUrl,
        @Schema(description = "Extension: validate every record against the data without changing it (default false)", defaultValue = "false") boolean dryRun) {

    public AllocateRequest(String checksum, long size) {
        this(checksum, size, null, false);
    }

    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern DIGITS = Pattern.compile("[+-]?\\d{1,19}");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    public static AllocateRequest parse(byte[] body, long maxSize) {
        return parse(body, maxSize, null);
    }

    /**
     * As {@link #parse(byte[], long)}, with the optional {@code callbackUrl} (extension) checked by
     * {@code callbackUrls}; a body with a callbackUrl is refused when that is null.
     */
    public static AllocateRequest parse(byte[] body, long maxSize, java.util.function.UnaryOperator<String> callbackUrls) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("Request body is required",
                    "Request body is required: {\"checksum\": \"<md5 hex>\", \"size\": <bytes>}");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("Request body must be a JSON object",
                    "Request body must be a JSON object with checksum and size: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object",
                    "Request body must be a JSON object with checksum and size");
        }
        return new AllocateRequest(checksum(root.get("checksum")), size(root.get("size"), maxSize),
                callbackUrl(root.get("callbackUrl"), callbackUrls), dryRun(root.get("dryRun")));
    }

    private static String callbackUrl(JsonNode node, java.util.function.UnaryOperator<String> callbackUrls) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest("callbackUrl must be a string",
                    "callbackUrl must be a string, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        if (callbackUrls == null) {
            throw ApiException.badRequest("callbackUrl is not supported here", "callbackUrl is not supported here");
        }
        return callbackUrls.apply(node.textValue());
    }

    private static boolean dryRun(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            String got = node.isTextual() ? "the string " + describe(node.textValue())
                    : node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + shorten(node.toString());
            throw ApiException.badRequest("dryRun must be true or false",
                    "dryRun must be the JSON boolean true or false (without quotes), got " + got);
        }
        return node.booleanValue();
    }

    private static String shorten(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }

    private static String checksum(JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiException.badRequest("checksum is required",
                    "checksum is required: the MD5 of the gzipped file, 32 hexadecimal characters");
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest("checksum must be 32 hexadecimal characters",
                    "checksum must be a string of 32 hexadecimal characters, got "
                            + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        String value = node.textValue();
        if (!HEX32.matcher(value).matches()) {
            throw ApiException.badRequest("checksum must be 32 hexadecimal characters",
                    "checksum must be 32 hexadecimal characters, got " + describe(value));
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static long size(JsonNode node, long maxSize) {
        if (node == null || node.isNull()) {
            throw ApiException.badRequest("size is required", "size is required: the byte length of the gzipped file");
        }
        long size;
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw tooLarge(node.asText(), maxSize);
            }
            size = node.longValue();
        } else if (node.isNumber()) {
            throw ApiException.badRequest("size must be a positive integer",
                    "size must be a positive integer, got " + node.asText());
        } else if (node.isTextual()) {
            String text = node.textValue().trim();
            if (!DIGITS.matcher(text).matches()) {
                if (text.matches("[+]?\\d+")) {
                    throw tooLarge(text, maxSize);
                }
                throw ApiException.badRequest("size must be a positive integer",
                        "size must be a positive integer, got " + describe(node.textValue()));
            }
            try {
                size = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw tooLarge(text, maxSize);
            }
        } else {
            throw ApiException.badRequest("size must be a positive integer",
                    "size must be a positive integer, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        if (size < 1) {
            throw ApiException.badRequest("size must be a positive integer", "size must be a positive integer, got " + size);
        }
        if (size > maxSize) {
            throw tooLarge(Long.toString(size), maxSize);
        }
        return size;
    }

    private static ApiException tooLarge(String value, long maxSize) {
        return ApiException.badRequest("size must not exceed " + maxSize + " bytes",
                "size must not exceed the maximum file size of " + maxSize + " bytes, got " + value);
    }

    private static String describe(String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return "\"" + shown + "\" (" + value.length() + " characters)";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable JSON";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
