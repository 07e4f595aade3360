/**
 * One line of a batch file to a validated record or a precise rejection (the rules are in
 * docs/records.md). Plain Java and Jackson: no database, no CDI.
 * <p>
 * Entry point: {@link io.cdpbatch.records.RecordParser#parse(byte[], int, int)} gives a
 * {@link io.cdpbatch.records.ParsedRecord} (one of {@link io.cdpbatch.records.GuestUpsert},
 * {@link io.cdpbatch.records.GuestDelete}, {@link io.cdpbatch.records.OrderWrite},
 * {@link io.cdpbatch.records.OrderDelete}, {@link io.cdpbatch.records.GuestMigration}) or a
 * {@link io.cdpbatch.records.Rejection} (code, one of the outcome messages, detail with the JSON path).
 * <p>
 * Decisions where the vendor's documentation is silent:
 * <ul>
 * <li>Lines: strict UTF-8 and no NUL bytes, else 400 Failed to parse import line (ref "null"). Duplicate keys at
 * any depth, nesting deeper than 32, numbers longer than 100 characters and trailing content fail to parse
 * too.</li>
 * <li>ref: a string is echoed; a number is echoed as its JSON text; missing or another type gives "null" and the
 * record is still processed. Unknown envelope attributes are a Validation error.</li>
 * <li>Unknown attributes are a Validation error everywhere, also in deletes and migrations.</li>
 * <li>Guests: JSON null clears a scalar, phoneNumbers or street; for identifiers, subscriptions and extensions
 * (merged) null means absent. Inside nested objects (identifier, subscription, order item) and in orders, null
 * means absent.</li>
 * <li>Strings without a documented limit: 255 characters, except an order item's description (4096) and extension
 * values (bounded by the line). No string may contain U+0000 or an unpaired surrogate (JSON escapes).</li>
 * <li>Identity rules are checked after every field rule, so a bad field is reported first.</li>
 * <li>Order: referenceId always required; cardType with a paymentType other than "Card" in the same record is a
 * Validation error; a delete without orderedAt is accepted (lookup by referenceId alone).</li>
 * <li>Numbers: prices at most 15 integer digits and 20 decimals; quantity a whole number 0..2^31-1; extension
 * numbers at most 38 digits either side of the point. Kept exact as BigDecimal.</li>
 * <li>Codes: country, language and currency case-insensitive, stored upper/lower/upper; title, gender,
 * guestType, order channel and status, subscription status exact case.</li>
 * <li>Flight orders: {@code consumers} is not one of the order's fields (it stays out of
 * {@link io.cdpbatch.records.OrderWrite#given()}), null when left out. Inside consumers and flight segments
 * null means absent. A consumer gives {@code email} or {@code emails}, not both; names each item at most once;
 * a reference names every item with that referenceId. A consumer with neither identity nor both names is
 * Identity information missing, checked after every field rule. Segment ids are unique within an item. Flight
 * times must be written exactly as local times with a trailing Z (no offset, no fraction): they are the
 * airports' local times, kept as written.</li>
 * </ul>
 */
package io.cdpbatch.records;
