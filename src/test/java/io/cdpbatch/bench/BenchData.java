package io.cdpbatch.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Deterministic benchmark data. A guest file holds one upsert per distinct guest (1 to 3
 * identifiers, an {@code ext} group, realistic field sizes); the same guests are also written as
 * the tab-separated rows of the plain-SQL load (staging tables of {@link DbLimit}), with exactly
 * the values the service stores (e-mail lower case, country upper case, extension attributes as
 * the JSON object).
 */
final class BenchData {

    private static final String[] FIRST = { "Aoife", "Liam", "Sofia", "Noah", "Emma", "Oliver", "Mia", "Lucas", "Chloe",
            "Jack", "Isabella", "James", "Ava", "Conor", "Grace", "Mateo", "Hannah", "Elijah", "Zoe", "Benjamin" };
    private static final String[] LAST = { "Murphy", "Kelly", "O'Sullivan", "Walsh", "Smith", "Byrne", "Ryan",
            "O'Brien", "Gallagher", "Fernandez", "Nakamura", "Schmidt", "Rossi", "Dubois", "Kowalski", "Andersen" };
    private static final String[] CITY = { "Dublin", "Cork", "Galway", "London", "Berlin", "Paris", "Madrid", "Lisbon",
            "Amsterdam", "Copenhagen" };
    private static final String[] COUNTRY = { "IE", "IE", "IE", "GB", "DE", "FR", "ES", "PT", "NL", "DK" };
    private static final String[] STREET = { "Main Street", "Harbour Road", "Church Lane", "Station Road",
            "Market Square", "Mill Street", "Park Avenue", "Bridge Street" };
    private static final String[] TITLE = { "Mr", "Mrs", "Ms", "Dr", "Miss", "Prof" };
    private static final String[] GENDER = { "male", "female", "unknown" };
    private static final String[] TIER = { "bronze", "silver", "gold", "platinum" };

    /** What a generated guest file holds. */
    record GuestFile(Path gz, long size, String md5Hex, int records, Path guestRows, Path identifierRows,
            Path extensionRows, int identifiers) {
    }

    record OrderFile(Path gz, long size, String md5Hex, int records) {
    }

    /**
     * What a generated flight order file holds, and the tab-separated rows of the same data for the plain-SQL
     * load: distinct contacts, orders, items, segments, consumers, consumer-to-item links.
     */
    record FlightFile(Path gz, long size, String md5Hex, int records, int contacts, Path contactRows, Path orderRows,
            Path itemRows, Path segmentRows, Path consumerRows, Path linkRows) {
    }

    /** Consumers per flight order: the contact travelling, another adult and a child, both known by name only. */
    static final int FLIGHT_CONSUMERS = 3;
    /** Items per flight order (an adult fare for the two adults, a child fare), 2 segments each (out and back). */
    static final int FLIGHT_ITEMS = 2;
    static final int FLIGHT_SEGMENTS = 2;

    private BenchData() {
    }

    /**
     * @param prefix makes the identifiers of this file distinct from those of other files
     */
    static GuestFile guests(Path dir, String prefix, int count, long seed) throws IOException {
        Files.createDirectories(dir);
        Path gz = dir.resolve("guests-" + prefix + "-" + count + ".ndjson.gz");
        Path guestRows = dir.resolve("guests-" + prefix + "-" + count + ".guest.tsv");
        Path identifierRows = dir.resolve("guests-" + prefix + "-" + count + ".identifier.tsv");
        Path extensionRows = dir.resolve("guests-" + prefix + "-" + count + ".extension.tsv");
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest md5 = md5();
        int identifiers = 0;
        try (OutputStream file = Files.newOutputStream(gz);
                Writer json = new BufferedWriter(new OutputStreamWriter(
                        new GZIPOutputStream(new DigestOutputStream(file, md5), 64 * 1024), StandardCharsets.UTF_8),
                        256 * 1024);
                Writer g = Files.newBufferedWriter(guestRows);
                Writer i = Files.newBufferedWriter(identifierRows);
                Writer e = Files.newBufferedWriter(extensionRows)) {
            StringBuilder line = new StringBuilder(1024);
            for (int n = 0; n < count; n++) {
                String first = pick(random, FIRST);
                String last = pick(random, LAST);
                int place = random.nextInt(CITY.length);
                String email = (first + "." + last.replace("'", "") + "." + prefix + n + "@example.com").toLowerCase();
                String title = pick(random, TITLE);
                String gender = pick(random, GENDER);
                String phone = "+353 1 " + (1000000 + random.nextInt(8999999));
                String street = (1 + random.nextInt(250)) + " " + pick(random, STREET);
                String postCode = "D" + (10 + random.nextInt(89)) + " X" + (100 + random.nextInt(899));
                String birth = (1940 + random.nextInt(65)) + "-" + two(1 + random.nextInt(12)) + "-"
                        + two(1 + random.nextInt(28))
                        + "T00:00:00Z";
                String tier = pick(random, TIER);
                int points = random.nextInt(100000);
                boolean optIn = random.nextBoolean();
                String store = "Store " + (1 + random.nextInt(400));
                int ids = 1 + random.nextInt(3);
                String[][] pairs = new String[ids][];
                pairs[0] = new String[] { "email", email };
                if (ids > 1) {
                    pairs[1] = new String[] { "crm", "CRM-" + prefix.toUpperCase() + "-" + String.format("%09d", n) };
                }
                if (ids > 2) {
                    pairs[2] = new String[] { "loyalty", "LOY" + prefix.toUpperCase() + Long.toString(seed * 7919 + n, 36) };
                }
                identifiers += ids;
                String ext = "{\"loyaltyTier\":\"" + tier + "\",\"points\":" + points + ",\"optIn\":" + optIn
                        + ",\"favouriteStore\":\"" + store + "\"}";

                line.setLength(0);
                line.append("{\"ref\":\"").append(prefix).append('-').append(n)
                        .append("\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"guestType\":\"customer\",\"title\":\"")
                        .append(title).append("\",\"firstName\":\"").append(first).append("\",\"lastName\":\"").append(last)
                        .append("\",\"gender\":\"").append(gender).append("\",\"email\":\"").append(email)
                        .append("\",\"phoneNumbers\":[\"").append(phone).append("\"],\"street\":[\"").append(street)
                        .append("\"],\"city\":\"").append(CITY[place]).append("\",\"country\":\"").append(COUNTRY[place])
                        .append("\",\"language\":\"en\",\"postCode\":\"").append(postCode).append("\",\"dateOfBirth\":\"")
                        .append(birth).append("\",\"identifiers\":[");
                for (int k = 0; k < ids; k++) {
                    line.append(k == 0 ? "" : ",").append("{\"provider\":\"").append(pairs[k][0]).append("\",\"id\":\"")
                            .append(pairs[k][1]).append("\"}");
                }
                line.append("],\"extensions\":[{\"name\":\"ext\",\"key\":\"default\",").append(ext, 1, ext.length())
                        .append("]}}\n");
                json.append(line);

                // staging rows: k, guest_type, title, first_name, last_name, gender, email, phone_numbers, street,
                // country, language, city, post_code, date_of_birth
                g.append(Integer.toString(n)).append("\tcustomer\t").append(title).append('\t').append(first).append('\t')
                        .append(last).append('\t').append(gender).append('\t').append(email).append("\t{\"").append(phone)
                        .append("\"}\t{\"").append(street).append("\"}\t").append(COUNTRY[place]).append("\ten\t")
                        .append(CITY[place]).append('\t').append(postCode).append('\t').append(birth).append('\n');
                for (int k = 0; k < ids; k++) {
                    i.append(Integer.toString(n)).append('\t').append(pairs[k][0]).append('\t').append(pairs[k][1])
                            .append('\n');
                }
                e.append(Integer.toString(n)).append("\text\t").append(ext).append('\n');
            }
        }
        return new GuestFile(gz, Files.size(gz), HexFormat.of().formatHex(md5.digest()), count, guestRows, identifierRows,
                extensionRows, identifiers);
    }

    /** Orders of {@code guests} distinct contacts, 1 to 3 items each. */
    static OrderFile orders(Path dir, String guestPrefix, int guests, int count, long seed) throws IOException {
        Files.createDirectories(dir);
        Path gz = dir.resolve("orders-" + guestPrefix + "-" + count + ".ndjson.gz");
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest md5 = md5();
        String[] channels = { "WEB", "MOBILE_APP", "CALL_CENTER", "BRANCH" };
        String[] statuses = { "PURCHASED", "CONFIRMED", "PAYMENT_PENDING" };
        try (OutputStream file = Files.newOutputStream(gz);
                Writer json = new BufferedWriter(new OutputStreamWriter(
                        new GZIPOutputStream(new DigestOutputStream(file, md5), 64 * 1024), StandardCharsets.UTF_8),
                        256 * 1024)) {
            StringBuilder line = new StringBuilder(1024);
            for (int n = 0; n < count; n++) {
                int guest = random.nextInt(guests);
                // a contact identified by an e-mail identifier of its own: the first order of it creates the guest
                String email = ("order.guest." + guestPrefix + guest + "@example.com");
                int items = 1 + random.nextInt(3);
                String orderedAt = "2026-" + two(1 + random.nextInt(10)) + "-" + two(1 + random.nextInt(28)) + "T"
                        + two(random.nextInt(24)) + ":" + two(random.nextInt(60)) + ":00Z";
                line.setLength(0);
                line.append("{\"ref\":\"o-").append(n).append("\",\"schema\":\"order\",\"mode\":\"insert\",\"value\":{")
                        .append("\"referenceId\":\"ORD-").append(guestPrefix.toUpperCase()).append(String.format("%09d", n))
                        .append("\",\"channel\":\"").append(pick(random, channels))
                        .append("\",\"pointOfSale\":\"shop.example.com\"")
                        .append(",\"status\":\"").append(pick(random, statuses)).append("\",\"orderedAt\":\"").append(orderedAt)
                        .append("\",\"currencyCode\":\"EUR\",\"price\":");
                long total = 0;
                StringBuilder itemJson = new StringBuilder();
                for (int k = 0; k < items; k++) {
                    int cents = 500 + random.nextInt(20000);
                    total += cents;
                    itemJson.append(k == 0 ? "" : ",").append("{\"type\":\"PRODUCT\",\"productId\":\"SKU-")
                            .append(random.nextInt(50000)).append("\",\"name\":\"Product ").append(random.nextInt(50000))
                            .append("\",\"description\":\"A product of the benchmark catalogue\",\"vendor\":\"Vendor ")
                            .append(random.nextInt(40)).append("\",\"price\":").append(cents / 100).append('.')
                            .append(two(cents % 100)).append(",\"currencyCode\":\"EUR\",\"referenceId\":\"ITEM-")
                            .append(n).append('-').append(k).append("\",\"status\":\"PURCHASED\",\"quantity\":1}");
                }
                line.append(total / 100).append('.').append(two((int) (total % 100)))
                        .append(",\"paymentType\":\"Card\",\"cardType\":\"Visa\",\"contact\":{\"email\":\"").append(email)
                        .append("\",\"identifiers\":[{\"provider\":\"email\",\"id\":\"").append(email).append("\"}]}")
                        .append(",\"orderItems\":[").append(itemJson).append("]}}\n");
                json.append(line);
            }
        }
        return new OrderFile(gz, Files.size(gz), HexFormat.of().formatHex(md5.digest()), count);
    }

    private static final String[][] ROUTES = { { "DUB", "LHR", "EI" }, { "DUB", "CDG", "EI" }, { "ORK", "AMS", "KL" },
            { "SNN", "JFK", "EI" }, { "DUB", "MAD", "IB" }, { "LHR", "FCO", "BA" }, { "DUB", "BER", "FR" } };

    /**
     * Flight bookings of {@code guests} distinct contacts (identified by an e-mail identifier; the same names in
     * every booking of a contact): {@value #FLIGHT_CONSUMERS} consumers (the contact by name, an adult and a
     * child known by name only, who become traveller guests), {@value #FLIGHT_ITEMS} items (ADT, CHD) of
     * {@value #FLIGHT_SEGMENTS} segments each. Every consumer has the contact's routing key or none, so no
     * booking is applied alone. The same data is written as the rows of {@link FinalCopy#flightRows}.
     */
    static FlightFile flights(Path dir, String guestPrefix, int guests, int count, long seed) throws IOException {
        Files.createDirectories(dir);
        String base = "flights-" + guestPrefix + "-" + count;
        Path gz = dir.resolve(base + ".ndjson.gz");
        Path contactRows = dir.resolve(base + ".contact.tsv");
        Path orderRows = dir.resolve(base + ".order.tsv");
        Path itemRows = dir.resolve(base + ".item.tsv");
        Path segmentRows = dir.resolve(base + ".segment.tsv");
        Path consumerRows = dir.resolve(base + ".consumer.tsv");
        Path linkRows = dir.resolve(base + ".link.tsv");
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest md5 = md5();
        java.util.BitSet seen = new java.util.BitSet(guests);
        int contacts = 0;
        try (OutputStream file = Files.newOutputStream(gz);
                Writer json = new BufferedWriter(new OutputStreamWriter(
                        new GZIPOutputStream(new DigestOutputStream(file, md5), 64 * 1024), StandardCharsets.UTF_8),
                        256 * 1024);
                Writer c = Files.newBufferedWriter(contactRows);
                Writer o = Files.newBufferedWriter(orderRows);
                Writer it = Files.newBufferedWriter(itemRows);
                Writer sg = Files.newBufferedWriter(segmentRows);
                Writer cs = Files.newBufferedWriter(consumerRows);
                Writer l = Files.newBufferedWriter(linkRows)) {
            StringBuilder line = new StringBuilder(4096);
            for (int n = 0; n < count; n++) {
                int guest = random.nextInt(guests);
                String email = "flyer." + guestPrefix + guest + "@example.com";
                // a contact's names follow from its number: every booking of it says the same
                String first = FIRST[guest % FIRST.length];
                String last = LAST[(guest / FIRST.length) % LAST.length];
                if (!seen.get(guest)) {
                    seen.set(guest);
                    contacts++;
                    c.append(Integer.toString(guest)).append('\t').append(email).append('\t').append(first).append('\t')
                            .append(last).append('\n');
                }
                String[] route = ROUTES[random.nextInt(ROUTES.length)];
                int month = 1 + random.nextInt(10);
                int day = 1 + random.nextInt(20);
                String orderedAt = "2026-" + two(month) + "-" + two(day) + "T" + two(random.nextInt(24)) + ":"
                        + two(random.nextInt(60)) + ":00Z";
                String outDay = "2026-" + two(month + 1) + "-" + two(day);
                String backDay = "2026-" + two(month + 1) + "-" + two(day + 5);
                int flight = 100 + random.nextInt(800);
                String[][] segments = {
                        { route[2] + flight + "-" + outDay, route[0], route[1], outDay + "T" + two(6 + random.nextInt(12))
                                + ":" + two(5 * random.nextInt(12)) + "Z", route[2] + flight },
                        { route[2] + (flight + 1) + "-" + backDay, route[1], route[0], backDay + "T"
                                + two(6 + random.nextInt(12)) + ":" + two(5 * random.nextInt(12)) + "Z",
                                route[2] + (flight + 1) } };
                String referenceId = "PNR-" + guestPrefix.toUpperCase() + String.format("%08d", n);
                // other first names than the contact's: with the contact's names a passenger is the contact
                String adultFirst = pickOther(random, FIRST, first);
                String childFirst = pickOther(random, FIRST, first);
                String childBirth = (2012 + random.nextInt(10)) + "-" + two(1 + random.nextInt(12)) + "-"
                        + two(1 + random.nextInt(28)) + "T00:00Z";
                int adultCents = 9000 + random.nextInt(30000);
                int childCents = adultCents * 3 / 4;
                long total = 2L * adultCents + childCents;
                String[] codes = { "ADT", "CHD" };
                int[] cents = { adultCents, childCents };

                line.setLength(0);
                line.append("{\"ref\":\"f-").append(n).append("\",\"schema\":\"order\",\"mode\":\"insert\",\"value\":{")
                        .append("\"referenceId\":\"").append(referenceId).append("\",\"channel\":\"WEB\",")
                        .append("\"pointOfSale\":\"air.example.com\",\"status\":\"CONFIRMED\",\"orderedAt\":\"")
                        .append(orderedAt).append("\",\"currencyCode\":\"EUR\",\"price\":").append(total / 100).append('.')
                        .append(two((int) (total % 100))).append(",\"paymentType\":\"Card\",\"cardType\":\"Visa\",")
                        .append("\"contact\":{\"identifiers\":[{\"provider\":\"email\",\"id\":\"").append(email)
                        .append("\"}],\"email\":\"").append(email).append("\",\"firstName\":\"").append(first)
                        .append("\",\"lastName\":\"").append(last).append("\"},\"orderItems\":[");
                for (int k = 0; k < FLIGHT_ITEMS; k++) {
                    String itemRef = referenceId + "-" + (k + 1);
                    String price = cents[k] / 100 + "." + two(cents[k] % 100);
                    line.append(k == 0 ? "" : ",").append("{\"type\":\"FLIGHT\",\"productId\":\"").append(route[0])
                            .append('-').append(route[1]).append("-RTN\",\"name\":\"").append(route[0]).append(" - ")
                            .append(route[1]).append(" return\",\"description\":\"Economy\",\"vendor\":\"").append(route[2])
                            .append("\",\"price\":").append(price).append(",\"currencyCode\":\"EUR\",\"referenceId\":\"")
                            .append(itemRef).append("\",\"status\":\"CONFIRMED\",\"quantity\":").append(k == 0 ? 2 : 1)
                            .append(",\"consumerTypeCode\":\"").append(codes[k]).append("\",\"flightSegments\":[");
                    it.append(Integer.toString(n)).append('\t').append(Integer.toString(k)).append('\t').append(route[0])
                            .append('-').append(route[1]).append("-RTN\t").append(route[0]).append(" - ").append(route[1])
                            .append(" return\t").append(route[2]).append('\t').append(price).append('\t').append(itemRef)
                            .append('\t').append(k == 0 ? "2" : "1").append('\t').append(codes[k]).append('\n');
                    for (int s = 0; s < FLIGHT_SEGMENTS; s++) {
                        String[] segment = segments[s];
                        String arrival = segment[3].substring(0, 11) + two(Integer.parseInt(segment[3].substring(11, 13)) + 2)
                                + segment[3].substring(13);
                        line.append(s == 0 ? "" : ",").append("{\"id\":\"").append(segment[0]).append("\",\"origin\":\"")
                                .append(segment[1]).append("\",\"destination\":\"").append(segment[2])
                                .append("\",\"departureDateTime\":\"").append(segment[3]).append("\",\"arrivalDateTime\":\"")
                                .append(arrival).append("\",\"flightNumber\":\"").append(segment[4])
                                .append("\",\"fareClass\":\"Y\",\"carrier\":\"").append(route[2])
                                .append("\",\"bookingClass\":\"V\",\"originDestination\":\"").append(segment[1]).append('-')
                                .append(segment[2]).append("\"}");
                        sg.append(Integer.toString(n)).append('\t').append(Integer.toString(k)).append('\t')
                                .append(Integer.toString(s)).append('\t').append(segment[0]).append('\t').append(segment[1])
                                .append('\t').append(segment[2]).append('\t').append(segment[3]).append('\t').append(arrival)
                                .append('\t').append(segment[4]).append('\t').append(route[2]).append('\t').append(segment[1])
                                .append('-').append(segment[2]).append('\n');
                    }
                    line.append("]}");
                }
                // the contact travelling and another adult on the adult fare, a child on the child fare
                String[][] consumers = { { first, last, null, "0" }, { adultFirst, last, null, "0" },
                        { childFirst, last, childBirth, "1" } };
                line.append("],\"consumers\":[");
                for (int k = 0; k < FLIGHT_CONSUMERS; k++) {
                    String[] consumer = consumers[k];
                    line.append(k == 0 ? "" : ",").append("{\"firstName\":\"").append(consumer[0])
                            .append("\",\"lastName\":\"").append(consumer[1]).append('"');
                    if (consumer[2] != null) {
                        line.append(",\"dateOfBirth\":\"").append(consumer[2]).append('"');
                    }
                    line.append(",\"orderItems\":[{\"referenceId\":\"").append(referenceId).append('-')
                            .append(Integer.parseInt(consumer[3]) + 1).append("\"}]}");
                    // k, position, contact (the contact's guest) or traveller, first, last, date of birth
                    cs.append(Integer.toString(n)).append('\t').append(Integer.toString(k)).append('\t')
                            .append(k == 0 ? "t" : "f").append('\t').append(consumer[0]).append('\t').append(consumer[1])
                            .append('\t').append(consumer[2] == null ? "\\N" : consumer[2]).append('\n');
                    l.append(Integer.toString(n)).append('\t').append(Integer.toString(k)).append('\t').append(consumer[3])
                            .append('\n');
                }
                line.append("]}}\n");
                json.append(line);
                o.append(Integer.toString(n)).append('\t').append(Integer.toString(guest)).append('\t').append(referenceId)
                        .append('\t').append(orderedAt).append('\t').append(Long.toString(total / 100)).append('.')
                        .append(two((int) (total % 100))).append('\n');
            }
        }
        return new FlightFile(gz, Files.size(gz), HexFormat.of().formatHex(md5.digest()), count, contacts, contactRows,
                orderRows, itemRows, segmentRows, consumerRows, linkRows);
    }

    private static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String pickOther(SplittableRandom random, String[] values, String not) {
        String value;
        do {
            value = pick(random, values);
        } while (value.equals(not));
        return value;
    }

    private static String two(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
