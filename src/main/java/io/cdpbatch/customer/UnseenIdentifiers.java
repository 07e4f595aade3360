package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.cdpbatch.records.Identifier;

/**
 * The identifiers one attempt of guest upserts has met, kept for a tenant that held no identifier when
 * the attempt began (a tenant's first load, the largest batches it sends). Such a tenant's identifiers can
 * only be ones this attempt wrote, so an identifier the attempt has not met needs no lookup: it is new.
 * <p>
 * What guards the skipped lookups is the identifier key, not this class. A skipped identifier is always
 * inserted (a guest upsert that finds no owner creates the guest and gives it the identifier), so one that
 * another transaction gave a guest after the check (another batch of the tenant, or an order's contact)
 * fails the chunk with a unique violation; the chunk is then applied again, and every later lookup of the
 * attempt is made ({@link #stop()}). Memory is bounded: the identifiers met are a Bloom filter of 4 MiB,
 * whose false positives only cost a lookup; past tens of millions of identifiers it answers "met" for
 * nearly all, which is the behaviour without it.
 */
final class UnseenIdentifiers {

    /** Whether the tenant holds an identifier (the first row of its key, if any). */
    static final String TENANT_HOLDS_IDENTIFIERS = """
            SELECT 1 FROM guest_identifier WHERE client_id = ? ORDER BY client_id, provider, id LIMIT 1""";

    private static final int BITS_LOG2 = 25;
    private static final int HASHES = 4;

    private volatile Boolean tenantWasEmpty;
    private volatile boolean stopped;
    private volatile AtomicLongArray bits;
    private final AtomicLong skipped = new AtomicLong();

    /**
     * Whether this chunk may skip the lookups of identifiers the attempt has not met. The first call of the
     * attempt looks at the tenant, in the calling chunk's transaction before it writes anything.
     */
    boolean active(Connection connection, long clientId) throws SQLException {
        if (stopped) {
            return false;
        }
        Boolean empty = tenantWasEmpty;
        if (empty == null) {
            synchronized (this) {
                if (tenantWasEmpty == null) {
                    boolean none = !holdsIdentifiers(connection, clientId);
                    if (none) {
                        bits = new AtomicLongArray(1 << (BITS_LOG2 - 6));
                    }
                    tenantWasEmpty = none;
                }
                empty = tenantWasEmpty;
            }
        }
        return empty && !stopped;
    }

    /** Whether the attempt may have met this identifier before (and it must then be looked up). */
    boolean mayHaveMet(Identifier identifier) {
        long hash = hash(identifier);
        AtomicLongArray words = bits;
        for (int i = 0; i < HASHES; i++) {
            int bit = bit(hash, i);
            if ((words.get(bit >>> 6) & (1L << bit)) == 0) {
                skipped.incrementAndGet();
                return false;
            }
        }
        return true;
    }

    /** The attempt has met this identifier: later chunks look it up. */
    void met(Identifier identifier) {
        long hash = hash(identifier);
        AtomicLongArray words = bits;
        for (int i = 0; i < HASHES; i++) {
            int bit = bit(hash, i);
            long mask = 1L << bit;
            long old = words.get(bit >>> 6);
            while ((old & mask) == 0 && !words.compareAndSet(bit >>> 6, old, old | mask)) {
                old = words.get(bit >>> 6);
            }
        }
    }

    /** The filter's i-th bit for a hash (double hashing: the low half plus i times the odd high half). */
    private static int bit(long hash, int i) {
        return ((int) hash + i * ((int) (hash >>> 32) | 1)) & ((1 << BITS_LOG2) - 1);
    }

    /** A skipped lookup met an identifier that another transaction holds: look up every identifier from now on. */
    void stop() {
        stopped = true;
    }

    /** Lookups skipped so far. */
    long skipped() {
        return skipped.get();
    }

    private static boolean holdsIdentifiers(Connection connection, long clientId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(TENANT_HOLDS_IDENTIFIERS)) {
            statement.setLong(1, clientId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    /** 64 bits from the pair's string hashes (cached by the strings), mixed so that both halves are usable. */
    private static long hash(Identifier identifier) {
        long h = identifier.provider().hashCode() * 0x9E3779B97F4A7C15L ^ identifier.id().hashCode();
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
