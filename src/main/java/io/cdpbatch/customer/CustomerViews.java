package io.cdpbatch.customer;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The wire shapes of the read API over customer data: field names as in the batch records (docs/records.md), instants as
 * ISO-8601 UTC with milliseconds. A field the record never gave is null.
 */
public final class CustomerViews {

    private CustomerViews() {
    }

    @Schema(name = "Guest", description = "A guest with every stored field; guestType traveller for a guest created for a consumer known by name only")
    public record GuestView(String ref, String guestType, String title, String firstName, String lastName, String gender,
            String email, List<String> phoneNumbers, List<String> street, String city, String state, String postCode,
            String country, String language, String nationality, String dateOfBirth, String passportNumber,
            String passportExpiry, String firstSeen, String lastSeen, List<IdentifierView> identifiers,
            List<SubscriptionView> subscriptions,
            @Schema(description = "Extension groups as in records: {\"name\": \"ext\", \"key\": \"default\", <attributes>}") List<Map<String, Object>> extensions,
            String createdAt, String modifiedAt) {
    }

    public record IdentifierView(String provider, String id, String expiryDate) {
    }

    public record SubscriptionView(String name, String channel, String pointOfSale, String status, String effectiveDate) {
    }

    @Schema(name = "Order", description = "An order with its items, and for a flight its consumers (the passengers)")
    public record OrderView(String ref, String referenceId, String channel, String pointOfSale, String status,
            String orderedAt, String currencyCode, BigDecimal price, String paymentType, String cardType,
            @Schema(description = "The guest who owns the order; null when that guest was deleted (mode delete)") ContactView contact,
            List<OrderItemView> orderItems,
            @Schema(description = "The people who consume the items (a flight's passengers), in record order; empty when the order has none") List<ConsumerView> consumers,
            List<Map<String, Object>> extensions, String createdAt, String modifiedAt,
            @Schema(description = "In a guest's list of orders only: contact (the guest owns the order) or consumer (the guest consumes some of its items)", enumeration = {
                    "contact", "consumer" }) @JsonInclude(JsonInclude.Include.NON_NULL) String role){

        /** The same order, shown in a guest's list with the guest's role. */
        OrderView withRole(String role) {
            return new OrderView(ref, referenceId, channel, pointOfSale, status, orderedAt, currencyCode, price, paymentType,
                    cardType, contact, orderItems, consumers, extensions, createdAt, modifiedAt, role);
        }
    }

    public record ContactView(String ref) {
    }

    public record OrderItemView(String type, String productId, String name, String description, String vendor,
            BigDecimal price, String currencyCode, String referenceId, String status, String orderedAt, Integer quantity,
            BigDecimal originalPrice, String originalCurrencyCode, String channel, List<Map<String, Object>> extensions,
            @Schema(description = "A flight item's passenger type code (ADT, CHD, INF, ...); null when none") String consumerTypeCode,
            @Schema(description = "A flight item's segments, in record order; empty when none") List<FlightSegmentView> flightSegments) {
    }

    @Schema(name = "FlightSegment", description = "A flight segment of an order item; departure and arrival are the local times of the airports, written with a Z as in the record")
    public record FlightSegmentView(String id, String origin, String destination, String departureDateTime,
            String arrivalDateTime, String flightNumber, String fareClass, String carrier, String fareFamily,
            String bookingClass, String equipmentType, String originDestination) {
    }

    @Schema(name = "Consumer", description = "A person who consumes items of an order (a flight's passenger), with the guest it is linked to")
    public record ConsumerView(
            @Schema(description = "The consumer's guest: found by identity, the order's contact (same names), or a traveller guest created for it; null when that guest was deleted (mode delete)") String guestRef,
            String title, String firstName, String lastName, String gender, String dateOfBirth,
            @Schema(description = "The first of emails") String email, List<String> emails, List<String> phoneNumbers,
            String nationality, String country, String passportNumber, String passportExpiry,
            List<IdentifierView> identifiers,
            @Schema(description = "The items it consumes, in item order") List<ItemReferenceView> orderItems) {
    }

    public record ItemReferenceView(String referenceId) {
    }

    /** A page of a list: {@code totalCount} items in all, these from {@code offset}. */
    @Schema(name = "GuestPage")
    public record GuestPage(long totalCount, int offset, int limit, List<GuestView> items) {
    }

    @Schema(name = "OrderPage")
    public record OrderPage(long totalCount, int offset, int limit, List<OrderView> items) {
    }
}
