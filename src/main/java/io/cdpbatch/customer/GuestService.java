package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.auth.Tenant;
import io.cdpbatch.customer.CustomerViews.GuestPage;
import io.cdpbatch.customer.CustomerViews.GuestView;
import io.cdpbatch.customer.CustomerViews.IdentifierView;
import io.cdpbatch.customer.CustomerViews.OrderPage;
import io.cdpbatch.customer.CustomerViews.SubscriptionView;
import io.cdpbatch.error.ApiException;

/** Reads a tenant's guests for the read API; another tenant's guest is not found. */
@ApplicationScoped
public class GuestService {

    static final String GUEST_NOT_FOUND = "Guest not found";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OrderService orders;

    /** The guest holding this identifier (at most one), oldest first. */
    public GuestPage byIdentifier(Tenant tenant, String provider, String id, Paging paging) {
        return page(tenant, "FROM guest g JOIN guest_identifier gi ON gi.guest_id = g.id"
                + " WHERE gi.client_id = ? AND gi.provider = ? AND gi.id = ? AND g.client_id = gi.client_id",
                paging, tenant.id(), provider, id);
    }

    /** Guests with this e-mail, any letter case (e-mails are stored lower-case), oldest first. */
    public GuestPage byEmail(Tenant tenant, String email, Paging paging) {
        return page(tenant, "FROM guest g WHERE g.client_id = ? AND g.email = ?", paging, tenant.id(),
                email.trim().toLowerCase(Locale.ROOT));
    }

    public GuestView find(Tenant tenant, UUID ref) {
        try (Connection connection = dataSource.getConnection()) {
            List<GuestView> found = select(connection, "FROM guest g WHERE g.client_id = ? AND g.ref = ?", null, tenant.id(),
                    ref);
            if (found.isEmpty()) {
                throw ApiException.notFound(GUEST_NOT_FOUND);
            }
            return found.get(0);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the guest", e);
        }
    }

    public OrderPage ordersOf(Tenant tenant, UUID ref, Paging paging) {
        try (Connection connection = dataSource.getConnection()) {
            long guestId;
            try (PreparedStatement statement = Rows.prepare(connection, "SELECT id FROM guest WHERE client_id = ? AND ref = ?",
                    tenant.id(), ref); ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw ApiException.notFound(GUEST_NOT_FOUND);
                }
                guestId = rows.getLong("id");
            }
            return orders.ofGuest(connection, tenant.id(), guestId, paging);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the guest's orders", e);
        }
    }

    private GuestPage page(Tenant tenant, String from, Paging paging, Object... params) {
        try (Connection connection = dataSource.getConnection()) {
            long total = Rows.count(connection, "SELECT count(*) AS total " + from, params);
            List<GuestView> items = total == 0 ? List.of() : select(connection, from, paging, params);
            return new GuestPage(total, paging.offset(), paging.limit(), items);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read guests", e);
        }
    }

    private static List<GuestView> select(Connection connection, String from, Paging paging, Object... params)
            throws SQLException {
        String sql = "SELECT g.* " + from + " ORDER BY g.created_at, g.id"
                + (paging == null ? "" : " LIMIT " + paging.limit() + " OFFSET " + paging.offset());
        Map<Long, GuestRow> guests = new LinkedHashMap<>();
        try (PreparedStatement statement = Rows.prepare(connection, sql, params); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                guests.put(rows.getLong("id"), GuestRow.of(rows));
            }
        }
        if (guests.isEmpty()) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>(guests.keySet());
        Map<Long, List<IdentifierView>> identifiers = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT guest_id, provider, id, expiry_date FROM guest_identifier WHERE guest_id = ANY (?) ORDER BY provider, id")) {
            statement.setArray(1, Rows.bigints(connection, ids));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    identifiers.computeIfAbsent(rows.getLong("guest_id"), g -> new ArrayList<>()).add(new IdentifierView(
                            rows.getString("provider"), rows.getString("id"), Rows.instant(rows, "expiry_date")));
                }
            }
        }
        Map<Long, List<SubscriptionView>> subscriptions = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT guest_id, name, channel, point_of_sale, status, effective_date FROM guest_subscription
                WHERE guest_id = ANY (?) ORDER BY name, channel, point_of_sale""")) {
            statement.setArray(1, Rows.bigints(connection, ids));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    subscriptions.computeIfAbsent(rows.getLong("guest_id"), g -> new ArrayList<>()).add(new SubscriptionView(
                            emptyToNull(rows.getString("name")), emptyToNull(rows.getString("channel")),
                            emptyToNull(rows.getString("point_of_sale")), rows.getString("status"),
                            Rows.instant(rows, "effective_date")));
                }
            }
        }
        Map<Long, List<Map<String, Object>>> extensions = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT guest_id, name, attributes::text AS attributes FROM guest_extension WHERE guest_id = ANY (?) ORDER BY name")) {
            statement.setArray(1, Rows.bigints(connection, ids));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    extensions.computeIfAbsent(rows.getLong("guest_id"), g -> new ArrayList<>())
                            .add(Rows.group(rows.getString("name"), rows.getString("attributes")));
                }
            }
        }
        List<GuestView> views = new ArrayList<>(guests.size());
        guests.forEach((id, g) -> views.add(new GuestView(g.ref(), g.guestType(), g.title(), g.firstName(), g.lastName(),
                g.gender(), g.email(), g.phoneNumbers(), g.street(), g.city(), g.state(), g.postCode(), g.country(),
                g.language(), g.nationality(), g.dateOfBirth(), g.passportNumber(), g.passportExpiry(), g.firstSeen(),
                g.lastSeen(), identifiers.getOrDefault(id, List.of()), subscriptions.getOrDefault(id, List.of()),
                extensions.getOrDefault(id, List.of()), g.createdAt(), g.modifiedAt())));
        return views;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** The columns of one guest row, instants in the wire format. */
    private record GuestRow(String ref, String guestType, String title, String firstName, String lastName, String gender,
            String email, List<String> phoneNumbers, List<String> street, String city, String state, String postCode,
            String country, String language, String nationality, String dateOfBirth, String passportNumber,
            String passportExpiry, String firstSeen, String lastSeen, String createdAt, String modifiedAt) {

        static GuestRow of(ResultSet rows) throws SQLException {
            return new GuestRow(rows.getObject("ref").toString(), rows.getString("guest_type"), rows.getString("title"),
                    rows.getString("first_name"), rows.getString("last_name"), rows.getString("gender"),
                    rows.getString("email"), Rows.texts(rows, "phone_numbers"), Rows.texts(rows, "street"),
                    rows.getString("city"), rows.getString("state"), rows.getString("post_code"), rows.getString("country"),
                    rows.getString("language"), rows.getString("nationality"), Rows.instant(rows, "date_of_birth"),
                    rows.getString("passport_number"), Rows.instant(rows, "passport_expiry"),
                    Rows.instant(rows, "first_seen"), Rows.instant(rows, "last_seen"), Rows.instant(rows, "created_at"),
                    Rows.instant(rows, "modified_at"));
        }
    }
}
