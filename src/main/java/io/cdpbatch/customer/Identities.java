package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cdpbatch.pipeline.RetryableConflictException;
import io.cdpbatch.records.Identifier;

/**
 * Guest identity within one run of records: identifiers first, e-mail only
 * when a record has no identifiers. Loads what exists with two queries, then resolves records in
 * file order in memory, so a guest created by one record is found by the next. New guests get
 * negative placeholder ids until {@link #assignNewIds} takes real ones from the sequence.
 */
final class Identities {

    /** The identity a record carries. */
    record Wanted(List<Identifier> identifiers, String email) {
    }

    /**
     * @param guestId the guest, a placeholder (negative) when created by this run, 0 when none found
     * @param guests how many distinct guests the identifiers point to (more than one is a conflict)
     */
    record Resolution(long guestId, boolean created, int guests) {
        boolean conflict() {
            return guests > 1;
        }

        boolean found() {
            return guestId != 0 && guests <= 1;
        }
    }

    private final long clientId;
    private final Map<String, Long> owners;
    private final Map<String, Long> emails;
    private final Set<String> newPairs = new LinkedHashSet<>();
    private final Map<Long, Long> realIds = new HashMap<>();
    private long nextPlaceholder = -1;

    private Identities(long clientId, Map<String, Long> owners, Map<String, Long> emails) {
        this.clientId = clientId;
        this.owners = owners;
        this.emails = emails;
    }

    static String pair(Identifier identifier) {
        return identifier.provider() + '\u0000' + identifier.id();
    }

    /** Loads the owners of every identifier, and the guests of every e-mail, the run mentions. */
    static Identities load(Connection connection, long clientId, List<Wanted> wanted) throws SQLException {
        Set<String> pairs = new LinkedHashSet<>();
        Set<String> emailSet = new LinkedHashSet<>();
        for (Wanted w : wanted) {
            for (Identifier identifier : w.identifiers()) {
                pairs.add(pair(identifier));
            }
            if (w.identifiers().isEmpty() && w.email() != null) {
                emailSet.add(w.email());
            }
        }
        Map<String, Long> owners = new HashMap<>();
        if (!pairs.isEmpty()) {
            List<String> providers = new ArrayList<>(pairs.size());
            List<String> ids = new ArrayList<>(pairs.size());
            for (String p : pairs) {
                int split = p.indexOf('\u0000');
                providers.add(p.substring(0, split));
                ids.add(p.substring(split + 1));
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT gi.provider, gi.id, gi.guest_id FROM guest_identifier gi
                    JOIN unnest(?::varchar[], ?::varchar[]) AS w(provider, id) ON gi.provider = w.provider AND gi.id = w.id
                    WHERE gi.client_id = ?""")) {
                statement.setArray(1, connection.createArrayOf("varchar", providers.toArray()));
                statement.setArray(2, connection.createArrayOf("varchar", ids.toArray()));
                statement.setLong(3, clientId);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        owners.put(rows.getString(1) + '\u0000' + rows.getString(2), rows.getLong(3));
                    }
                }
            }
        }
        Map<String, Long> emails = new HashMap<>();
        if (!emailSet.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT email, min(id) FROM guest WHERE client_id = ? AND email = ANY (?) GROUP BY email""")) {
                statement.setLong(1, clientId);
                statement.setArray(2, connection.createArrayOf("varchar", emailSet.toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        emails.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
        }
        return new Identities(clientId, owners, emails);
    }

    /** The guest these identifiers (else this e-mail) point to, without creating one. */
    Resolution resolve(List<Identifier> identifiers, String email) {
        if (!identifiers.isEmpty()) {
            Set<Long> found = new HashSet<>();
            for (Identifier identifier : identifiers) {
                Long owner = owners.get(pair(identifier));
                if (owner != null) {
                    found.add(owner);
                }
            }
            if (found.isEmpty()) {
                return new Resolution(0, false, 0);
            }
            return new Resolution(found.size() == 1 ? found.iterator().next() : 0, false, found.size());
        }
        Long byEmail = email == null ? null : emails.get(email);
        return byEmail == null ? new Resolution(0, false, 0) : new Resolution(byEmail, false, 1);
    }

    /** Like {@link #resolve}, creating the guest when none matches; the record's identifiers become its own. */
    Resolution resolveOrCreate(List<Identifier> identifiers, String email) {
        Resolution resolution = resolve(identifiers, email);
        if (resolution.conflict()) {
            return resolution;
        }
        boolean created = !resolution.found();
        long guestId = created ? nextPlaceholder-- : resolution.guestId();
        for (Identifier identifier : identifiers) {
            String key = pair(identifier);
            if (owners.putIfAbsent(key, guestId) == null) {
                newPairs.add(key);
            }
        }
        if (identifiers.isEmpty() && email != null) {
            emails.putIfAbsent(email, guestId);
        }
        return new Resolution(guestId, created, 1);
    }

    /** A guest now has this e-mail: later records without identifiers find it by it. */
    void rememberEmail(String email, long guestId) {
        emails.putIfAbsent(email, guestId);
    }

    /** Forgets a guest deleted by this run. */
    void forget(long guestId) {
        owners.values().removeIf(id -> id == guestId);
        emails.values().removeIf(id -> id == guestId);
    }

    /** Takes real ids from the sequence for the guests this run creates. */
    void assignNewIds(Connection connection) throws SQLException {
        int wanted = (int) (-nextPlaceholder - 1);
        if (wanted == 0) {
            return;
        }
        try (PreparedStatement statement = connection
                .prepareStatement("SELECT nextval('guest_id_seq') FROM generate_series(1, ?)")) {
            statement.setInt(1, wanted);
            try (ResultSet rows = statement.executeQuery()) {
                long placeholder = -1;
                while (rows.next()) {
                    realIds.put(placeholder--, rows.getLong(1));
                }
            }
        }
    }

    long realId(long guestId) {
        return guestId < 0 ? realIds.get(guestId) : guestId;
    }

    /**
     * Checks, from what the identifier write returned (the {@link #pair} keys it inserted or updated
     * for their guest), that every identifier this run added belongs to its guest: a new pair missing
     * from it went to another guest concurrently, and the run is applied again.
     */
    void verifyNewIdentifiers(Set<String> written) throws RetryableConflictException {
        for (String pair : newPairs) {
            if (!written.contains(pair)) {
                throw new RetryableConflictException("Identifier " + pair.substring(0, pair.indexOf('\u0000'))
                        + " was given to another guest concurrently");
            }
        }
    }
}
