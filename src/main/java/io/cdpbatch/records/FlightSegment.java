package io.cdpbatch.records;

import java.time.Instant;

/**
 * One {@code orderItems[].flightSegments[]} entry of a flight order. The optional fields are null when left
 * out.
 *
 * @param id non-empty; no two segments of one item share it
 * @param origin IATA airport or city code: 3 upper-case letters
 * @param destination likewise
 * @param departureDateTime the local time at the origin, as written: the record writes it with a trailing
 *        {@code Z} that does not mean UTC, and it is stored and shown back the same way
 * @param arrivalDateTime the local time at the destination, likewise
 * @param carrier IATA airline code: 2 upper-case letters or digits
 * @param bookingClass upper-case letters
 * @param originDestination {@code DUB-LHR} form
 */
public record FlightSegment(
        String id,
        String origin,
        String destination,
        Instant departureDateTime,
        Instant arrivalDateTime,
        String flightNumber,
        String fareClass,
        String carrier,
        String fareFamily,
        String bookingClass,
        String equipmentType,
        String originDestination) {
}
