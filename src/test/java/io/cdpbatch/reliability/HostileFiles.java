package io.cdpbatch.reliability;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Hostile batch files, written to disk as they are generated (never whole in memory): each is a
 * gzip file with its size and MD5, ready to allocate and upload.
 */
final class HostileFiles {

    /** The line length limit of the service ({@code BATCH_PROCESSING_MAX_LINE_LENGTH}, 1 MiB). */
    static final int MAX_LINE = 1 << 20;

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** A generated file. */
    record File(Path path, long size, String md5Hex) {
        byte[] bytes() {
            try {
                return Files.readAllBytes(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Writes the lines of a file; each call of {@link #line} appends one line and its LF. */
    interface Lines {
        void line(String text) throws IOException;
    }

    @FunctionalInterface
    interface Generator {
        void write(Lines out) throws IOException;
    }

    private HostileFiles() {
    }

    /** One gzip member holding what the generator writes. */
    static File gzip(Path target, Generator generator) {
        try {
            Files.createDirectories(target.getParent());
            MessageDigest md5 = md5();
            try (OutputStream file = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(target), 1 << 16),
                    md5);
                    OutputStream gz = new BufferedOutputStream(new GZIPOutputStream(file, 1 << 16), 1 << 16)) {
                generator.write(text -> {
                    gz.write(text.getBytes(StandardCharsets.UTF_8));
                    gz.write('\n');
                });
            }
            return new File(target, Files.size(target), HexFormat.of().formatHex(md5.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One gzip member per line, the members concatenated; {@code tail} (raw bytes) appended after the last. */
    static File members(Path target, List<String> lines, byte[] tail) {
        try {
            Files.createDirectories(target.getParent());
            MessageDigest md5 = md5();
            try (OutputStream file = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(target), 1 << 16),
                    md5)) {
                for (String line : lines) {
                    file.write(member((line + "\n").getBytes(StandardCharsets.UTF_8)));
                }
                file.write(tail);
            }
            return new File(target, Files.size(target), HexFormat.of().formatHex(md5.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code head} (raw bytes), then {@code member} {@code times} times. */
    static File repeated(Path target, byte[] head, byte[] member, int times) {
        try {
            Files.createDirectories(target.getParent());
            MessageDigest md5 = md5();
            try (OutputStream file = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(target), 1 << 16),
                    md5)) {
                file.write(head);
                for (int i = 0; i < times; i++) {
                    file.write(member);
                }
            }
            return new File(target, Files.size(target), HexFormat.of().formatHex(md5.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A complete gzip member of these bytes. */
    static byte[] member(byte[] plain) {
        try {
            var bytes = new java.io.ByteArrayOutputStream();
            try (OutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(plain);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- lines

    /** A guest upsert known by one identifier, with {@code value} attributes appended (JSON, without braces). */
    static String guest(String id, String attributes) {
        return "{\"ref\":\"" + id + "\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"identifiers\":"
                + "[{\"provider\":\"hostile\",\"id\":\"" + id + "\"}]" + (attributes.isEmpty() ? "" : "," + attributes)
                + "}}";
    }

    /** A guest whose {@code ext} group holds one string attribute {@code blob} of exactly {@code chars} characters. */
    static String guestWithBlob(String id, int chars) {
        StringBuilder value = new StringBuilder(chars + 64);
        value.append(id).append(':');
        // a period of 62 characters: compresses about a thousand times, like any repetitive text
        for (int i = value.length(); i < chars; i++) {
            value.append(ALPHABET.charAt(i % ALPHABET.length()));
        }
        value.setLength(chars);
        return guest(id, "\"extensions\":[{\"name\":\"ext\",\"key\":\"default\",\"blob\":\"" + value + "\"}]");
    }

    /** A guest line of exactly {@code bytes} bytes (its blob padded to fit). */
    static String guestOfLength(String id, int bytes) {
        String empty = guestWithBlob(id, 0);
        String line = guestWithBlob(id, bytes - empty.length());
        if (line.getBytes(StandardCharsets.UTF_8).length != bytes) {
            throw new IllegalStateException("the line has " + line.length() + " bytes, not " + bytes);
        }
        return line;
    }

    /**
     * An ordinary guest of a realistic shape (about 500 bytes: names, address, 1 to 3 identifiers, an
     * {@code ext} group), seeded by its number.
     */
    static String ordinaryGuest(String prefix, int n, SplittableRandom random) {
        String[] first = { "Aoife", "Liam", "Sofia", "Noah", "Emma", "Oliver", "Mia", "Lucas", "Chloe", "Jack" };
        String[] last = { "Murphy", "Kelly", "Walsh", "Smith", "Byrne", "Ryan", "Gallagher", "Rossi", "Dubois" };
        String[] city = { "Dublin", "Cork", "Galway", "London", "Berlin", "Paris", "Madrid", "Lisbon" };
        String[] country = { "IE", "IE", "IE", "GB", "DE", "FR", "ES", "PT" };
        int place = random.nextInt(city.length);
        String firstName = first[random.nextInt(first.length)];
        String lastName = last[random.nextInt(last.length)];
        String email = (firstName + "." + lastName + "." + prefix + n + "@example.com").toLowerCase();
        StringBuilder line = new StringBuilder(640);
        line.append("{\"ref\":\"").append(prefix).append('-').append(n)
                .append("\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"guestType\":\"customer\",\"firstName\":\"")
                .append(firstName).append("\",\"lastName\":\"").append(lastName).append("\",\"email\":\"").append(email)
                .append("\",\"phoneNumbers\":[\"+353 1 ").append(1000000 + n % 8999999)
                .append("\"],\"street\":[\"").append(1 + random.nextInt(250)).append(" Main Street\"],\"city\":\"")
                .append(city[place]).append("\",\"country\":\"").append(country[place])
                .append("\",\"language\":\"en\",\"postCode\":\"D").append(10 + random.nextInt(89)).append(" X")
                .append(100 + random.nextInt(899)).append("\",\"dateOfBirth\":\"").append(1940 + random.nextInt(65))
                .append("-0").append(1 + random.nextInt(9)).append("-1").append(random.nextInt(9))
                .append("T00:00:00Z\",\"identifiers\":[{\"provider\":\"email\",\"id\":\"").append(email).append("\"}");
        int identifiers = 1 + random.nextInt(3);
        if (identifiers > 1) {
            line.append(",{\"provider\":\"crm\",\"id\":\"CRM-").append(prefix).append('-').append(n).append("\"}");
        }
        if (identifiers > 2) {
            line.append(",{\"provider\":\"loyalty\",\"id\":\"LOY").append(Long.toString(n * 7919L + 104729L, 36))
                    .append("\"}");
        }
        line.append("],\"extensions\":[{\"name\":\"ext\",\"key\":\"default\",\"loyaltyTier\":\"tier")
                .append(random.nextInt(4)).append("\",\"points\":").append(random.nextInt(100000)).append(",\"optIn\":")
                .append(random.nextBoolean()).append(",\"favouriteStore\":\"Store ").append(1 + random.nextInt(400))
                .append("\"}]}}");
        return line.toString();
    }

    /** A guest whose extension groups {@code ext}, {@code ext1} ... hold {@code attributes} attributes each. */
    static String guestWithAttributes(String id, int groups, int attributes) {
        StringBuilder text = new StringBuilder("\"extensions\":[");
        for (int g = 0; g < groups; g++) {
            text.append(g == 0 ? "" : ",").append("{\"name\":\"ext").append(g == 0 ? "" : Integer.toString(g))
                    .append("\",\"key\":\"default\"");
            for (int a = 0; a < attributes; a++) {
                text.append(",\"attribute").append(a).append("\":").append(a % 3 == 0 ? "\"value" + a + "\""
                        : a % 3 == 1 ? Integer.toString(a) : Boolean.toString(a % 2 == 0));
            }
            text.append('}');
        }
        return guest(id, text.append(']').toString());
    }

    /** A guest with {@code count} identifiers besides its own (each {@code {"provider":"p","id":"<id>-<n>"}}). */
    static String guestWithIdentifiers(String id, int count) {
        StringBuilder text = new StringBuilder(count * 40 + 200);
        text.append("{\"ref\":\"").append(id).append("\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{")
                .append("\"identifiers\":[{\"provider\":\"hostile\",\"id\":\"").append(id).append("\"}");
        for (int n = 0; n < count; n++) {
            text.append(",{\"provider\":\"p\",\"id\":\"").append(id).append('-').append(n).append("\"}");
        }
        return text.append("]}}").toString();
    }

    /** An order item (not a flight): the required fields, short values. */
    static String item(String referenceId) {
        return "{\"type\":\"PRODUCT\",\"productId\":\"sku\",\"name\":\"n\",\"description\":\"d\",\"vendor\":\"v\","
                + "\"price\":1,\"currencyCode\":\"EUR\",\"referenceId\":\"" + referenceId + "\",\"status\":\"PURCHASED\"}";
    }

    /** A flight item of {@code segments} segments. */
    static String flightItem(String referenceId, int segments) {
        StringBuilder text = new StringBuilder("{\"type\":\"FLIGHT\",\"productId\":\"DUB-LHR\",\"name\":\"Flight\","
                + "\"description\":\"Economy\",\"vendor\":\"EI\",\"price\":100,\"currencyCode\":\"EUR\",\"referenceId\":\"")
                .append(referenceId).append("\",\"status\":\"CONFIRMED\",\"consumerTypeCode\":\"ADT\",\"flightSegments\":[");
        for (int s = 0; s < segments; s++) {
            text.append(s == 0 ? "" : ",").append("{\"id\":\"S").append(s).append("\",\"origin\":\"DUB\",")
                    .append("\"destination\":\"LHR\",\"departureDateTime\":\"2026-12-15T07:00Z\",")
                    .append("\"arrivalDateTime\":\"2026-12-15T08:20Z\",\"flightNumber\":\"EI").append(s)
                    .append("\",\"fareClass\":\"Y\",\"carrier\":\"EI\"}");
        }
        return text.append("]}").toString();
    }

    /** A consumer known by name only, consuming the items of these references. */
    static String consumer(String firstName, String lastName, List<String> references) {
        StringBuilder text = new StringBuilder("{\"firstName\":\"").append(firstName).append("\",\"lastName\":\"")
                .append(lastName).append("\",\"orderItems\":[");
        for (int r = 0; r < references.size(); r++) {
            text.append(r == 0 ? "" : ",").append("{\"referenceId\":\"").append(references.get(r)).append("\"}");
        }
        return text.append("]}").toString();
    }

    /** An order {@code insert} of this contact (by identifier), items and consumers (none: not a flight). */
    static String order(String ref, String referenceId, String contactId, List<String> items, List<String> consumers) {
        return "{\"ref\":\"" + ref + "\",\"schema\":\"order\",\"mode\":\"insert\",\"value\":{\"referenceId\":\""
                + referenceId + "\",\"channel\":\"WEB\",\"pointOfSale\":\"shop.example.com\",\"status\":\"CONFIRMED\","
                + "\"orderedAt\":\"2026-11-01T10:00:00Z\",\"currencyCode\":\"EUR\",\"price\":1,\"paymentType\":\"Cash\","
                + "\"contact\":{\"identifiers\":[{\"provider\":\"hostile\",\"id\":\"" + contactId + "\"}],"
                + "\"firstName\":\"Contact\",\"lastName\":\"Person\"},\"orderItems\":[" + String.join(",", items) + "]"
                + (consumers.isEmpty() ? "" : ",\"consumers\":[" + String.join(",", consumers) + "]") + "}}";
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
