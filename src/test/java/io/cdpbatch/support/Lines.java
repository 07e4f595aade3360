package io.cdpbatch.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Record lines of a batch file, built as a client writes them:
 *
 * <pre>
 * Lines.guest("r1").identifier("crm", "G-1").email("ada@example.com").firstName("Ada").upsert()
 * Lines.guest("r2").identifier("crm", "G-1").delete()
 * Lines.migration("r3").from("crm", "OLD").to("crm", "NEW").line()
 * Lines.order("r4").referenceId("ORD-1").set("status", "CANCELLED").contact(Lines.person().identifier("crm", "G-1"))
 *         .upsert()
 * Lines.line("r5", "order", "insert", "{'referenceId':'ORD-2', ...}")   // a value written out
 * </pre>
 *
 * Attributes come out in the order they are given (the identifiers where the first one was given). Text
 * values are escaped; JSON given as text ({@link Value#json}, {@link Value#fields}, {@link #line}) is taken as
 * written, with single quotes standing for double quotes so that it reads in a Java string.
 */
public final class Lines {

    private Lines() {
    }

    /** A guest record ({@code upsert}, {@code delete}, {@code gdpr_delete}); {@code ref} null: a line without one. */
    public static Guest guest(String ref) {
        return new Guest(ref);
    }

    /** An order record ({@code insert}, {@code upsert}, {@code delete}). */
    public static Order order(String ref) {
        return new Order(ref);
    }

    /** A migration record: the orders of one guest move to another. */
    public static Migration migration(String ref) {
        return new Migration(ref);
    }

    /** A value that is not a record of its own: an order's contact, a consumer, a migration's side. */
    public static Person person() {
        return new Person();
    }

    /** A record line with this value, JSON as text; {@code ref} null: a line without one. */
    public static String line(String ref, String schema, String mode, String value) {
        return envelope(ref, schema, mode, json(value));
    }

    private static String envelope(String ref, String schema, String mode, String value) {
        return "{" + (ref == null ? "" : "\"ref\":" + text(ref) + ",") + "\"schema\":" + text(schema) + ",\"mode\":"
                + text(mode) + ",\"value\":" + value + "}";
    }

    /** JSON written with single quotes, as JSON. */
    public static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A JSON string. */
    public static String text(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The value of a record or of a part of one: attributes in the order given. */
    public abstract static class Value<B extends Value<B>> {

        private final List<String> attributes = new ArrayList<>();
        private final List<String> identifiers = new ArrayList<>();
        private int identifiersAt = -1;

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** A text attribute. */
        public B set(String name, String value) {
            return attribute(name, text(value));
        }

        /** A number attribute, written as Java writes it. */
        public B set(String name, Number value) {
            return attribute(name, value.toString());
        }

        public B set(String name, boolean value) {
            return attribute(name, Boolean.toString(value));
        }

        /** An attribute of any JSON value, written as text (single quotes stand for double quotes). */
        public B json(String name, String value) {
            return attribute(name, Lines.json(value));
        }

        /** An attribute whose value is JSON already. */
        B attribute(String name, String value) {
            attributes.add(text(name) + ":" + value);
            return self();
        }

        /** Attributes written as text ({@code 'title':'Dr','points':12}); nothing when empty. */
        public B fields(String fields) {
            if (!fields.isEmpty()) {
                attributes.add(Lines.json(fields));
            }
            return self();
        }

        /** One more {@code identifiers} entry. */
        public B identifier(String provider, String id) {
            if (identifiersAt < 0) {
                identifiersAt = attributes.size();
                attributes.add(null);
            }
            identifiers.add("{\"provider\":" + text(provider) + ",\"id\":" + text(id) + "}");
            return self();
        }

        public B email(String email) {
            return set("email", email);
        }

        public B firstName(String firstName) {
            return set("firstName", firstName);
        }

        public B lastName(String lastName) {
            return set("lastName", lastName);
        }

        /** The value as a JSON object. */
        public String value() {
            List<String> written = new ArrayList<>(attributes);
            if (identifiersAt >= 0) {
                written.set(identifiersAt, "\"identifiers\":[" + String.join(",", identifiers) + "]");
            }
            return "{" + String.join(",", written) + "}";
        }
    }

    /** A value of its own: a contact, a consumer, one side of a migration. */
    public static final class Person extends Value<Person> {

        private Person() {
        }

        /** A consumer's items, by their {@code referenceId}s. */
        public Person items(String... referenceIds) {
            List<String> items = new ArrayList<>();
            for (String referenceId : referenceIds) {
                items.add("{\"referenceId\":" + text(referenceId) + "}");
            }
            return attribute("orderItems", "[" + String.join(",", items) + "]");
        }
    }

    /** A guest record. */
    public static final class Guest extends Value<Guest> {

        private final String ref;

        private Guest(String ref) {
            this.ref = ref;
        }

        public String upsert() {
            return mode("upsert");
        }

        public String delete() {
            return mode("delete");
        }

        public String gdprDelete() {
            return mode("gdpr_delete");
        }

        /** The line in any mode, a wrong one included. */
        public String mode(String mode) {
            return envelope(ref, "guest", mode, value());
        }
    }

    /** An order record. */
    public static final class Order extends Value<Order> {

        private final String ref;

        private Order(String ref) {
            this.ref = ref;
        }

        public Order referenceId(String referenceId) {
            return set("referenceId", referenceId);
        }

        public Order orderedAt(String orderedAt) {
            return set("orderedAt", orderedAt);
        }

        /** The guest who owns the order. */
        public Order contact(Person contact) {
            return attribute("contact", contact.value());
        }

        public String insert() {
            return mode("insert");
        }

        public String upsert() {
            return mode("upsert");
        }

        public String delete() {
            return mode("delete");
        }

        public String mode(String mode) {
            return envelope(ref, "order", mode, value());
        }
    }

    /** A migration record: {@code migrateFrom} and {@code migrateTo}, each known by its identifiers. */
    public static final class Migration {

        private final String ref;
        private final Person from = new Person();
        private final Person to = new Person();

        private Migration(String ref) {
            this.ref = ref;
        }

        public Migration from(String provider, String id) {
            from.identifier(provider, id);
            return this;
        }

        public Migration to(String provider, String id) {
            to.identifier(provider, id);
            return this;
        }

        /** The line ({@code schema} migration, {@code mode} guest). */
        public String line() {
            return envelope(ref, "migration", "guest",
                    "{\"migrateFrom\":" + from.value() + ",\"migrateTo\":" + to.value() + "}");
        }
    }
}
