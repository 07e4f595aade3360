package io.cdpbatch.records;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code extensions} arrays: groups of attributes on guests, orders and order items. */
final class Extensions {

    static final Set<String> GUEST_GROUPS = Set.of("ext", "ext1", "ext2", "ext3", "ext4", "ext5");
    static final String GUEST_GROUPS_LISTED = "ext, ext1, ext2, ext3, ext4, ext5";
    static final Set<String> ORDER_GROUPS = Set.of("ext");
    static final String ORDER_GROUPS_LISTED = "ext";
    static final int MAX_ATTRIBUTES = 100;
    /** Extension numbers: at most 38 digits before and 38 after the decimal point. */
    private static final int NUMBER_DIGITS = 38;

    private Extensions() {
    }

    /** The groups of an {@code extensions} array; each name at most once. */
    static List<ExtensionGroup> parse(JsonNode node, Path at, Set<String> names, String listed) {
        ArrayNode array = Fields.array(node, at);
        List<ExtensionGroup> groups = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            Path groupPath = at.index(i);
            ExtensionGroup group = group(Fields.object(array.get(i), groupPath), groupPath, names, listed);
            for (int k = 0; k < groups.size(); k++) {
                if (groups.get(k).name().equals(group.name())) {
                    throw Invalid.validation(groupPath.field("name") + ": duplicate group " + Text.quote(group.name())
                            + ", already in " + at.index(k));
                }
            }
            groups.add(group);
        }
        return Collections.unmodifiableList(groups);
    }

    private static ExtensionGroup group(ObjectNode object, Path at, Set<String> names, String listed) {
        String name = null;
        boolean keyed = false;
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (key.equals("name")) {
                name = Fields.oneOf(value, at.field(key), names, listed);
            } else if (key.equals("key")) {
                Path keyPath = at.field(key);
                if (!value.isTextual()) {
                    throw Fields.mismatch(keyPath, "a string", value);
                }
                if (!value.textValue().equals("default")) {
                    throw Invalid.validation(keyPath + ": must be \"default\", got " + Text.quote(value.textValue()));
                }
                keyed = true;
            } else {
                Path attributePath = at.field(key);
                if (!isAttributeName(key)) {
                    throw Invalid.validation(attributePath
                            + ": attribute names must be camelCase letters and digits starting with a lower-case letter");
                }
                if (attributes.size() == MAX_ATTRIBUTES) {
                    throw Invalid.validation(at + ": at most " + MAX_ATTRIBUTES + " attributes per group, got "
                            + (object.size() - (object.has("name") ? 1 : 0) - (object.has("key") ? 1 : 0)));
                }
                attributes.put(key, attributeValue(value, attributePath));
            }
        }
        if (name == null) {
            throw Fields.required(at.field("name"));
        }
        if (!keyed) {
            throw Fields.required(at.field("key"));
        }
        return new ExtensionGroup(name, Collections.unmodifiableMap(attributes));
    }

    private static Object attributeValue(JsonNode value, Path at) {
        if (value.isTextual()) {
            String text = value.textValue();
            Fields.checkCharacters(text, at);
            return text;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            BigDecimal number = Fields.decimal(value, at, NUMBER_DIGITS, NUMBER_DIGITS);
            return number;
        }
        throw Fields.mismatch(at, "a string, boolean or number", value);
    }

    /** {@code [a-z][A-Za-z0-9]*}. */
    static boolean isAttributeName(String key) {
        int n = key.length();
        if (n == 0 || key.charAt(0) < 'a' || key.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = key.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
