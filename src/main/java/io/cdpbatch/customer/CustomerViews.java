package io.cdpbatch.customer;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The wire shapes of the read API over customer data: field names as in the batch records (docs/records.md), instants as
 * ISO-8601 UTC with milliseconds. A field the record never gave is null.
 */
public final class CustomerViews {

    private CustomerViews() {
    }

    @Schema(name = "Guest", description = "A guest with every stored field")
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

    @Schema(name = "Order", description = "An order with its items")
    public record OrderView(String ref, String referenceId, String channel, String pointOfSale, String status,
            String orderedAt, String currencyCode, BigDecimal price, String paymentType, String cardType,
            @Schema(description = "The guest who owns the order; null when that guest was deleted (mode delete)") ContactView contact,
            List<OrderItemView> orderItems, List<Map<String, Object>> extensions, String createdAt, String modifiedAt) {
    }

    public record ContactView(String ref) {
    }

    public record OrderItemView(String type, String productId, String name, String description, String vendor,
            BigDecimal price, String currencyCode, String referenceId, String status, String orderedAt, Integer quantity,
            BigDecimal originalPrice, String originalCurrencyCode, String channel, List<Map<String, Object>> extensions) {
    }

    /** A page of a list: {@code totalCount} items in all, these from {@code offset}. */
    @Schema(name = "GuestPage")
    public record GuestPage(long totalCount, int offset, int limit, List<GuestView> items) {
    }

    @Schema(name = "OrderPage")
    public record OrderPage(long totalCount, int offset, int limit, List<OrderView> items) {
    }
}
