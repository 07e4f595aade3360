package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.cdpbatch.records.Identifier;

/**
 * The identities a run mentions, as the database holds them: two queries (identifier owners, guests by
 * e-mail), read into an {@link IdentityIndex} that resolves the run's records in memory.
 *
 * <p>
 * Both queries are written as one probe of an index per wanted value (a {@code LATERAL} subquery the
 * planner cannot turn into a join): a join of the wanted values with the table may be planned as a hash
 * join over every row of the tenant when the statistics say the tenant has few rows, which they do for
 * a new tenant's first batches on a database other tenants fill, until the next analysis. Such a plan
 * reads all the tenant's rows for each chunk, and a batch slows down as it grows.
 */
final class Identities {

    /** The guest of each wanted identifier (providers, ids, client id): one probe of the key per identifier. */
    static final String IDENTIFIER_OWNERS = """
            SELECT w.provider, w.id, o.guest_id FROM unnest(?::varchar[], ?::varchar[]) AS w(provider, id)
            CROSS JOIN LATERAL (SELECT gi.guest_id FROM guest_identifier gi
                WHERE gi.client_id = ? AND gi.provider = w.provider AND gi.id = w.id LIMIT 1) AS o""";

    /** The oldest guest of each wanted e-mail (e-mails, client id): one probe of the e-mail index per e-mail. */
    static final String EMAIL_OWNERS = """
            SELECT w.email, o.guest_id FROM unnest(?::varchar[]) AS w(email)
            CROSS JOIN LATERAL (SELECT min(g.id) AS guest_id FROM guest g
                WHERE g.client_id = ? AND g.email = w.email) AS o
            WHERE o.guest_id IS NOT NULL""";

    private Identities() {
    }

    /** One identifier as stored, with its guest. */
    private record Owner(String provider, String id, long guestId) {
        static Owner of(ResultSet rows) throws SQLException {
            return new Owner(rows.getString("provider"), rows.getString("id"), rows.getLong("guest_id"));
        }
    }

    /** The oldest guest with an e-mail. */
    private record EmailOwner(String email, long guestId) {
        static EmailOwner of(ResultSet rows) throws SQLException {
            return new EmailOwner(rows.getString("email"), rows.getLong("guest_id"));
        }
    }

    /** Loads the owners of every identifier, and the guests of every e-mail, the run mentions. */
    static IdentityIndex load(Connection connection, long clientId, Collection<IdentityIndex.Wanted> wanted)
            throws SQLException {
        return load(connection, clientId, wanted, identifier -> true);
    }

    /**
     * Like {@link #load(Connection, long, Collection)}, looking up only the identifiers {@code lookUp} accepts:
     * the others are known to have no owner ({@link UnseenIdentifiers}).
     */
    static IdentityIndex load(Connection connection, long clientId, Collection<IdentityIndex.Wanted> wanted,
            Predicate<Identifier> lookUp) throws SQLException {
        Set<Identifier> pairs = new LinkedHashSet<>();
        Set<String> emailSet = new LinkedHashSet<>();
        for (IdentityIndex.Wanted w : wanted) {
            for (Identifier identifier : w.identifiers()) {
                if (lookUp.test(identifier)) {
                    pairs.add(new Identifier(identifier.provider(), identifier.id(), null));
                }
            }
            if (w.identifiers().isEmpty() && w.email() != null) {
                emailSet.add(w.email());
            }
        }
        Map<String, Long> owners = new HashMap<>();
        if (!pairs.isEmpty()) {
            List<String> providers = new ArrayList<>(pairs.size());
            List<String> ids = new ArrayList<>(pairs.size());
            for (Identifier pair : pairs) {
                providers.add(pair.provider());
                ids.add(pair.id());
            }
            try (PreparedStatement statement = connection.prepareStatement(IDENTIFIER_OWNERS)) {
                statement.setArray(1, connection.createArrayOf("varchar", providers.toArray()));
                statement.setArray(2, connection.createArrayOf("varchar", ids.toArray()));
                statement.setLong(3, clientId);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Owner owner = Owner.of(rows);
                        owners.put(owner.provider() + '\u0000' + owner.id(), owner.guestId());
                    }
                }
            }
        }
        Map<String, Long> emails = new HashMap<>();
        if (!emailSet.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(EMAIL_OWNERS)) {
                statement.setArray(1, connection.createArrayOf("varchar", emailSet.toArray()));
                statement.setLong(2, clientId);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        EmailOwner owner = EmailOwner.of(rows);
                        emails.put(owner.email(), owner.guestId());
                    }
                }
            }
        }
        return new IdentityIndex(owners, emails);
    }

    /** Takes real ids from the guest sequence for the guests this run creates. */
    static void assignNewIds(Connection connection, IdentityIndex index) throws SQLException {
        index.assignIds(Sequences.next(connection, Sequences.GUEST, index.newGuests()));
    }
}
