package io.cdpbatch.intake;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdpbatch.storage.ObjectKeys;

/**
 * Reads the body of a queue message as an S3 event notification: {@code {"Records": [...]}} with each
 * record's event name, bucket, object key (URL-encoded, as the store sends it), size and ETag. The
 * same body may come wrapped in an SNS notification ({@code "Type": "Notification"}, the event as the
 * string {@code "Message"}), when the bucket publishes to a topic the queue subscribes to. MinIO sends
 * the same records (event names with an {@code s3:} prefix). The store's test event, sent when a
 * notification is configured, has no records.
 */
final class S3Events {

    /** A body that is not an S3 event notification: it never will be, so it is not received again. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** One record of an event: the object, and whether it was created (other events are ignored). */
    record ObjectEvent(String eventName, String bucket, String key, long size, String eTag) {

        boolean created() {
            return eventName.startsWith("ObjectCreated:") || eventName.startsWith("s3:ObjectCreated:");
        }
    }

    /** A batch's upload named by an object key: {@code {clientKey}/{ref}/import.json.gz}. */
    record UploadKey(String clientKey, UUID ref) {
    }

    private S3Events() {
    }

    /** The records of a message body; empty for the store's test event. */
    static List<ObjectEvent> parse(ObjectMapper json, String body) throws Malformed {
        JsonNode root = read(json, body);
        if ("Notification".equals(root.path("Type").asText()) && root.path("Message").isTextual()) {
            root = read(json, root.get("Message").asText());
        }
        if (root.path("Event").asText().endsWith(":TestEvent")) {
            return List.of();
        }
        JsonNode records = root.get("Records");
        if (records == null || !records.isArray()) {
            throw new Malformed("no Records array");
        }
        List<ObjectEvent> events = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            String name = record.path("eventName").asText(null);
            JsonNode s3 = record.path("s3");
            String bucket = s3.path("bucket").path("name").asText(null);
            JsonNode object = s3.path("object");
            String key = object.path("key").asText(null);
            if (name == null || bucket == null || key == null) {
                throw new Malformed("a record without eventName, s3.bucket.name or s3.object.key");
            }
            events.add(new ObjectEvent(name, bucket, URLDecoder.decode(key, StandardCharsets.UTF_8),
                    object.path("size").asLong(-1), object.path("eTag").asText(null)));
        }
        return events;
    }

    /** The batch whose upload this key names, if it names one (error logs and other objects do not). */
    static Optional<UploadKey> uploadKey(String key) {
        String[] parts = key.split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty()) {
            return Optional.empty();
        }
        UUID ref;
        try {
            ref = UUID.fromString(parts[1]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // the key this service presigned for that batch, exactly (a ref in another spelling is not it)
        return ObjectKeys.upload(parts[0], ref).equals(key) ? Optional.of(new UploadKey(parts[0], ref)) : Optional.empty();
    }

    private static JsonNode read(ObjectMapper json, String body) throws Malformed {
        if (body == null || body.isBlank()) {
            throw new Malformed("an empty body");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new Malformed("not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new Malformed("not JSON");
        }
    }
}
