package io.cdpbatch.records;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code value} of guest records (upsert, order contact, delete) and of migrations. */
final class GuestValues {

    static final Set<String> TITLES = Set.of("Br", "Brigadier", "Capt", "Colonel", "Dame", "Dr", "Elder", "Fr",
            "General", "Hon", "Judge", "Lord", "Master", "Miss", "Mr", "Mrs", "Ms", "Mstr", "Prof", "Rabbi", "Rev",
            "Shaikha", "Sheikh", "Sir", "Sister", "Sr");
    static final String TITLES_LISTED = "Br, Brigadier, Capt, Colonel, Dame, Dr, Elder, Fr, General, Hon, Judge, Lord, "
            + "Master, Miss, Mr, Mrs, Ms, Mstr, Prof, Rabbi, Rev, Shaikha, Sheikh, Sir, Sister, Sr";
    static final Set<String> GENDERS = Set.of("male", "female", "unknown");
    static final Set<String> GUEST_TYPES = Set.of("customer");
    static final Set<String> SUBSCRIPTION_STATUSES = Set.of("PENDING", "SUBSCRIBED", "UNSUBSCRIBED", "UNKNOWN");
    static final String SUBSCRIPTION_STATUSES_LISTED = "PENDING, SUBSCRIBED, UNSUBSCRIBED, UNKNOWN";

    private final Clock clock;

    GuestValues(Clock clock) {
        this.clock = clock;
    }

    /** A guest upsert's value, or an order's contact: every field validated, then the identity rule. */
    GuestUpsert upsert(ObjectNode value, Path path) {
        GuestFields fields = new GuestFields(clock);
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String key = entry.getKey();
            GuestField field = GuestField.byJsonName(key);
            if (field == null) {
                throw Fields.unknownAttribute(path, key);
            }
            fields.read(field, entry.getValue(), path.field(key));
        }
        if (!fields.identified()) {
            throw Invalid.of(400, Rejection.IDENTITY_MISSING, path + ": no identifiers and no email");
        }
        return fields.toUpsert();
    }

    /** {@code schema: guest, mode: delete | gdpr_delete}; JSON null is the same as absent. */
    GuestDelete delete(ObjectNode value, boolean gdpr) {
        Path path = Path.VALUE;
        List<Identifier> identifiers = List.of();
        String email = null;
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String key = entry.getKey();
            JsonNode node = entry.getValue();
            switch (key) {
                case "identifiers" -> {
                    if (!node.isNull()) {
                        identifiers = identifiers(node, path.field(key));
                    }
                }
                case "email" -> {
                    if (!node.isNull()) {
                        email = Fields.email(node, path.field(key));
                    }
                }
                default -> throw Fields.unknownAttribute(path, key);
            }
        }
        if (identifiers.isEmpty() && email == null) {
            throw Invalid.of(400, Rejection.NOT_ENOUGH_IDENTIFYING_INFO, "value: no identifiers and no email");
        }
        return new GuestDelete(identifiers, email, gdpr);
    }

    /** {@code schema: migration, mode: guest}. */
    GuestMigration migration(ObjectNode value) {
        Path path = Path.VALUE;
        List<Identifier> from = null;
        List<Identifier> to = null;
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String key = entry.getKey();
            switch (key) {
                case "migrateFrom" -> from = migrationSide(entry.getValue(), path.field(key));
                case "migrateTo" -> to = migrationSide(entry.getValue(), path.field(key));
                default -> throw Fields.unknownAttribute(path, key);
            }
        }
        if (from == null) {
            throw Fields.required(path.field("migrateFrom"));
        }
        if (to == null) {
            throw Fields.required(path.field("migrateTo"));
        }
        for (int i = 0; i < to.size(); i++) {
            Identifier target = to.get(i);
            for (Identifier source : from) {
                if (source.provider().equals(target.provider()) && source.id().equals(target.id())) {
                    throw Invalid.validation(path.field("migrateTo").field("identifiers").index(i)
                            + ": also in migrateFrom, a guest cannot be migrated into itself");
                }
            }
        }
        return new GuestMigration(from, to);
    }

    private List<Identifier> migrationSide(JsonNode node, Path at) {
        if (node.isNull()) {
            throw Fields.required(at);
        }
        ObjectNode object = Fields.object(node, at);
        List<Identifier> identifiers = null;
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            String key = entry.getKey();
            if (!key.equals("identifiers")) {
                throw Fields.unknownAttribute(at, key);
            }
            if (!entry.getValue().isNull()) {
                identifiers = identifiers(entry.getValue(), at.field(key));
            }
        }
        if (identifiers == null) {
            throw Fields.required(at.field("identifiers"));
        }
        if (identifiers.isEmpty()) {
            throw Invalid.validation(at.field("identifiers") + ": must contain at least one identifier");
        }
        return identifiers;
    }

    /** An {@code identifiers} array: provider and id required, no (provider, id) pair twice. */
    static List<Identifier> identifiers(JsonNode node, Path at) {
        ArrayNode array = Fields.array(node, at);
        if (array.isEmpty()) {
            return List.of();
        }
        List<Identifier> identifiers = new ArrayList<>(array.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            Path entryPath = at.index(i);
            ObjectNode object = Fields.object(array.get(i), entryPath);
            String provider = null;
            String id = null;
            Instant expiryDate = null;
            for (Map.Entry<String, JsonNode> entry : object.properties()) {
                String key = entry.getKey();
                JsonNode value = entry.getValue();
                if (value.isNull() && (key.equals("provider") || key.equals("id") || key.equals("expiryDate"))) {
                    continue;
                }
                switch (key) {
                    case "provider" -> provider = Fields.nonEmptyText(value, entryPath.field(key), Fields.TEXT);
                    case "id" -> id = Fields.nonEmptyText(value, entryPath.field(key), Fields.TEXT);
                    case "expiryDate" -> expiryDate = Fields.dateTime(value, entryPath.field(key));
                    default -> throw Fields.unknownAttribute(entryPath, key);
                }
            }
            if (provider == null) {
                throw Fields.required(entryPath.field("provider"));
            }
            if (id == null) {
                throw Fields.required(entryPath.field("id"));
            }
            Integer earlier = seen.putIfAbsent(provider + '\u0000' + id, i);
            if (earlier != null) {
                throw Invalid.validation(entryPath + ": same provider and id as " + at.index(earlier));
            }
            identifiers.add(new Identifier(provider, id, expiryDate));
        }
        return Collections.unmodifiableList(identifiers);
    }

    /** A {@code subscriptions} array: all five fields required, no (name, channel, pointOfSale) twice. */
    static List<Subscription> subscriptions(JsonNode node, Path at) {
        ArrayNode array = Fields.array(node, at);
        List<Subscription> subscriptions = new ArrayList<>(array.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            Path entryPath = at.index(i);
            ObjectNode object = Fields.object(array.get(i), entryPath);
            String name = null;
            String channel = null;
            String pointOfSale = null;
            String status = null;
            Instant effectiveDate = null;
            for (Map.Entry<String, JsonNode> entry : object.properties()) {
                String key = entry.getKey();
                JsonNode value = entry.getValue();
                Path fieldPath = entryPath.field(key);
                boolean isNull = value.isNull();
                switch (key) {
                    case "name" -> name = isNull ? null : Fields.text(value, fieldPath, Fields.TEXT);
                    case "channel" -> channel = isNull ? null : Fields.text(value, fieldPath, Fields.TEXT);
                    case "pointOfSale" -> pointOfSale = isNull ? null : Fields.text(value, fieldPath, Fields.TEXT);
                    case "status" -> status = isNull ? null
                            : Fields.oneOf(value, fieldPath, SUBSCRIPTION_STATUSES, SUBSCRIPTION_STATUSES_LISTED);
                    case "effectiveDate" -> effectiveDate = isNull ? null : Fields.dateTime(value, fieldPath);
                    default -> throw Fields.unknownAttribute(entryPath, key);
                }
            }
            if (name == null) {
                throw Fields.required(entryPath.field("name"));
            }
            if (channel == null) {
                throw Fields.required(entryPath.field("channel"));
            }
            if (pointOfSale == null) {
                throw Fields.required(entryPath.field("pointOfSale"));
            }
            if (status == null) {
                throw Fields.required(entryPath.field("status"));
            }
            if (effectiveDate == null) {
                throw Fields.required(entryPath.field("effectiveDate"));
            }
            Integer earlier = seen.putIfAbsent(name + '\u0000' + channel + '\u0000' + pointOfSale, i);
            if (earlier != null) {
                throw Invalid.validation(entryPath + ": same name, channel and pointOfSale as " + at.index(earlier));
            }
            subscriptions.add(new Subscription(name, channel, pointOfSale, status, effectiveDate));
        }
        return Collections.unmodifiableList(subscriptions);
    }
}
