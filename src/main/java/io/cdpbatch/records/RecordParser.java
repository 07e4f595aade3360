package io.cdpbatch.records;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns one line of a batch file into a {@link ParsedRecord} or a {@link Rejection} (the rules are in
 * docs/records.md). Needs no database; thread-safe.
 * <p>
 * Order of checks, the first failure wins: UTF-8 and JSON syntax (400 Failed to parse import line), then
 * {@code schema} and {@code mode} (402 Unsupported mode), then unknown envelope attributes and {@code value}
 * (400 Validation error), then the attributes of {@code value} in document order, then the record's
 * cross-field rules (required fields, identity: 400 Identity information missing / Not Enough Identifying
 * Info).
 * <p>
 * {@code ref}: a string is echoed (unpaired surrogates replaced by U+FFFD); a number is echoed as its JSON
 * text; a missing ref or any other type gives {@code "null"} and the record is still processed. A line that
 * does not parse always has ref {@code "null"}.
 */
public final class RecordParser {

    /** Deepest nesting of objects and arrays accepted in a line. */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Longest string (characters) accepted in a line; a line is at most 1 MiB anyway. */
    public static final int MAX_STRING_LENGTH = 1 << 20;
    /** Longest number literal (characters) accepted in a line. */
    public static final int MAX_NUMBER_LENGTH = 100;

    private static final JsonFactory JSON = JsonFactory.builder()
            // hostile lines may carry many distinct attribute names: do not intern them JVM-wide
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .build();

    /**
     * Floats as exact BigDecimal (prices), kept as written (no stripping of trailing zeros). Duplicate keys are
     * caught while the tree is built (free: the map insert reports the old value) rather than by the parser's
     * StreamReadFeature.STRICT_DUPLICATE_DETECTION, which costs a hash set per object.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JSON)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final GuestValues guests;
    private final OrderValues orders;

    public RecordParser(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        this.guests = new GuestValues(clock);
        this.orders = new OrderValues(guests, new FlightValues(clock));
    }

    /**
     * @param line the UTF-8 bytes of one line, without its terminator (and without the file's BOM)
     */
    public LineOutcome parse(byte[] line, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, line.length);
        ObjectNode root;
        try {
            root = readObject(line, offset, length);
        } catch (Invalid invalid) {
            return invalid.toRejection(Rejection.NO_REF);
        }
        String ref = ref(root.get("ref"));
        try {
            return new ParsedRecord(ref, record(root), values(root));
        } catch (Invalid invalid) {
            return invalid.toRejection(ref);
        } catch (RuntimeException bug) {
            // a defect here must not stop the batch; the line is logged as not the record's fault
            return Rejection.internalError(ref, "the record could not be checked (" + bug.getClass().getSimpleName() + ")");
        }
    }

    /** Convenience for tests and tools: the whole array is the line. */
    public LineOutcome parse(byte[] line) {
        return parse(line, 0, line.length);
    }

    // ---- syntax

    private static ObjectNode readObject(byte[] line, int offset, int length) {
        int invalidByte = Utf8.firstInvalid(line, offset, length);
        if (invalidByte >= 0) {
            throw unparseable(line[offset + invalidByte] == 0 ? "a NUL byte at byte " + (invalidByte + 1)
                    : "not valid UTF-8 at byte " + (invalidByte + 1));
        }
        JsonParser parser = null;
        try {
            parser = JSON.createParser(line, offset, length);
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw unparseable("not a JSON object: the line is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw unparseable("not a JSON object: found " + describe(first));
            }
            ObjectNode root = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw unparseable("more content (" + describe(parser.currentToken())
                        + ") after the JSON object at column " + column(parser));
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw unparseable(constraintDetail(e));
        } catch (JsonEOFException e) {
            throw unparseable("not valid JSON: the line ends before the JSON object is complete");
        } catch (DatabindException e) {
            // the only databind failure reading a tree: a duplicate key (the parser stands on its value)
            String duplicate = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate ")
                    ? currentName(parser)
                    : null;
            if (duplicate != null) {
                throw unparseable("duplicate attribute " + Text.quote(duplicate) + " (its second value starts at column "
                        + parser.currentTokenLocation().getColumnNr() + ")");
            }
            throw unparseable("not valid JSON: " + jacksonReason(e));
        } catch (StreamReadException e) {
            throw unparseable("not valid JSON at column " + column(e) + ": " + jacksonReason(e));
        } catch (IOException e) {
            throw unparseable("not valid JSON: " + jacksonReason(e));
        } finally {
            if (parser != null) {
                try {
                    parser.close();
                } catch (IOException ignored) {
                    // a byte-array parser holds no resource
                }
            }
        }
    }

    /** The JSON values of a tree: this one and every value inside it (at most 32 levels deep). */
    static int values(JsonNode node) {
        int values = 1;
        for (JsonNode child : node) {
            values += values(child);
        }
        return values;
    }

    private static Invalid unparseable(String detail) {
        return Invalid.of(400, Rejection.FAILED_TO_PARSE, detail);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            default -> token.asString() == null ? token.name() : Text.quote(token.asString());
        };
    }

    private static long column(JsonParser parser) {
        return parser.currentTokenLocation().getColumnNr();
    }

    private static long column(StreamReadException e) {
        return e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
    }

    private static String currentName(JsonParser parser) {
        try {
            return parser.currentName();
        } catch (IOException e) {
            return null;
        }
    }

    private static String constraintDetail(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return "nested deeper than " + MAX_NESTING_DEPTH + " levels";
        }
        if (message.startsWith("Number value length")) {
            return "a number longer than " + MAX_NUMBER_LENGTH + " characters";
        }
        if (message.startsWith("String value length")) {
            return "a string longer than " + MAX_STRING_LENGTH + " characters";
        }
        return "too large: " + jacksonReason(e);
    }

    /** The first sentence of Jackson's message, without source excerpts, bounded. */
    private static String jacksonReason(IOException e) {
        String message = e instanceof JsonProcessingException processing ? processing.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return "malformed";
        }
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        if (message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        return Text.replaceLoneSurrogates(message);
    }

    // ---- envelope

    private static String ref(JsonNode ref) {
        if (ref == null) {
            return Rejection.NO_REF;
        }
        if (ref.isTextual()) {
            return Text.replaceLoneSurrogates(ref.textValue());
        }
        if (ref.isNumber()) {
            return ref.asText();
        }
        return Rejection.NO_REF;
    }

    private ValidRecord record(ObjectNode root) {
        String schema = envelopeText(root, "schema");
        Kind.checkSchema(schema);
        String mode = envelopeText(root, "mode");
        Kind kind = Kind.of(schema, mode);
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String key = entry.getKey();
            if (!key.equals("ref") && !key.equals("schema") && !key.equals("mode") && !key.equals("value")) {
                throw Invalid.validation(
                        Text.echoKey(key) + ": unknown attribute of the record (expected ref, schema, mode, value)");
            }
        }
        JsonNode value = root.get("value");
        if (value == null) {
            throw Invalid.validation("value: must be an object");
        }
        if (!value.isObject()) {
            throw Invalid.validation("value: must be an object, got " + Fields.typeName(value));
        }
        ObjectNode object = (ObjectNode) value;
        return switch (kind) {
            case GUEST_UPSERT -> guests.upsert(object, Path.VALUE);
            case GUEST_DELETE -> guests.delete(object, false);
            case GUEST_GDPR_DELETE -> guests.delete(object, true);
            case ORDER_INSERT -> orders.write(object, true);
            case ORDER_UPSERT -> orders.write(object, false);
            case ORDER_DELETE -> orders.delete(object);
            case MIGRATION -> guests.migration(object);
        };
    }

    private static String envelopeText(ObjectNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null) {
            throw Invalid.of(402, Rejection.UNSUPPORTED_MODE, name + ": required");
        }
        if (!node.isTextual()) {
            throw Invalid.of(402, Rejection.UNSUPPORTED_MODE, name + ": must be a string, got " + Fields.typeName(node));
        }
        return node.textValue();
    }

    /** The schema/mode pairs a record may have. */
    private enum Kind {
        GUEST_UPSERT,
        GUEST_DELETE,
        GUEST_GDPR_DELETE,
        ORDER_INSERT,
        ORDER_UPSERT,
        ORDER_DELETE,
        MIGRATION;

        static void checkSchema(String schema) {
            if (!schema.equals("guest") && !schema.equals("order") && !schema.equals("migration")) {
                throw Invalid.of(402, Rejection.UNSUPPORTED_MODE,
                        "schema: unknown schema " + Text.quote(schema) + " (expected guest, order, migration)");
            }
        }

        static Kind of(String schema, String mode) {
            Kind kind = switch (schema) {
                case "guest" -> switch (mode) {
                    case "upsert" -> GUEST_UPSERT;
                    case "delete" -> GUEST_DELETE;
                    case "gdpr_delete" -> GUEST_GDPR_DELETE;
                    default -> null;
                };
                case "order" -> switch (mode) {
                    case "insert" -> ORDER_INSERT;
                    case "upsert" -> ORDER_UPSERT;
                    case "delete" -> ORDER_DELETE;
                    default -> null;
                };
                case "migration" -> mode.equals("guest") ? MIGRATION : null;
                default -> throw new IllegalStateException(schema);
            };
            if (kind == null) {
                String modes = switch (schema) {
                    case "guest" -> "upsert, delete, gdpr_delete";
                    case "order" -> "insert, upsert, delete";
                    default -> "guest";
                };
                throw Invalid.of(402, Rejection.UNSUPPORTED_MODE, "mode: schema " + Text.quote(schema) + " has no mode "
                        + Text.quote(mode) + " (expected " + modes + ")");
            }
            return kind;
        }
    }
}
