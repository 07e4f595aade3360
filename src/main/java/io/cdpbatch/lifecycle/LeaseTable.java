package io.cdpbatch.lifecycle;

import java.time.Duration;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;

import io.cdpbatch.common.Row;

/**
 * The lease mechanism of a table whose rows are claimed by one instance at a time (batches,
 * webhook deliveries): columns {@code id}, {@code lease_owner}, {@code lease_expires_at}. A row is
 * free when it has no lease or its lease expired; a claim takes free rows with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent claimers never take the same row; every later
 * write is conditional on still owning the lease. Expiry is measured on the database clock, the
 * one clock all replicas share.
 */
public final class LeaseTable {

    private final String table;

    public LeaseTable(String table) {
        this.table = table;
    }

    /** SQL: the row aliased {@code alias} is free to claim. */
    public static String free(String alias) {
        return "(" + alias + ".lease_expires_at IS NULL OR " + alias + ".lease_expires_at < clock_timestamp())";
    }

    /** SQL: the row aliased {@code alias} has a live lease (someone works on it). */
    public static String held(String alias) {
        return alias + ".lease_expires_at > clock_timestamp()";
    }

    /** SQL: the expiry of a lease taken now for the milliseconds in parameter {@code ?n}. */
    public static String expiry(int parameter) {
        return "clock_timestamp() + ?" + parameter + " * interval '1 millisecond'";
    }

    /** SQL: the expiry of a lease taken now for the milliseconds in the named parameter {@code :name}. */
    public static String expiry(String parameter) {
        return "clock_timestamp() + :" + parameter + " * interval '1 millisecond'";
    }

    /**
     * Claims the rows chosen by {@code candidates} (a SELECT of {@code id}s that ends with
     * {@code FOR UPDATE ... SKIP LOCKED}) for {@code owner}.
     *
     * @param set further assignments of the claimed row ({@code t} is the claimed row), may be empty
     * @param from further FROM items joined to the claimed rows (e.g. {@code , api_client a}), may be empty
     * @param where conditions on those items, may be empty
     * @param returning the columns to return, aliased by name
     * @param parameters the parameters of {@code candidates}, numbered from 3 ({@code ?1} is the owner,
     *        {@code ?2} the lease in milliseconds)
     */
    public List<Row> claim(EntityManager em, String owner, Duration lease, String candidates, String set, String from,
            String where, String returning, Object... parameters) {
        Query query = em.createNativeQuery("""
                WITH candidate AS (%s)
                UPDATE %s t SET lease_owner = ?1, lease_expires_at = %s%s
                FROM candidate c%s
                WHERE t.id = c.id%s
                RETURNING %s""".formatted(candidates, table, expiry(2), set.isEmpty() ? "" : ", " + set, from,
                where.isEmpty() ? "" : " AND " + where, returning), Tuple.class)
                .setParameter(1, owner).setParameter(2, lease.toMillis());
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 3, parameters[i]);
        }
        return Row.of(query);
    }

    /** Extends the lease; false when it is no longer ours (expired and taken, or released). */
    public boolean renew(EntityManager em, long id, String owner, Duration lease) {
        return em.createNativeQuery("UPDATE " + table + " SET lease_expires_at = " + expiry(1)
                + " WHERE id = ?2 AND lease_owner = ?3")
                .setParameter(1, lease.toMillis()).setParameter(2, id).setParameter(3, owner).executeUpdate() == 1;
    }

    /** Gives the row back without changing anything else, so another claim picks it up at once. */
    public boolean release(EntityManager em, long id, String owner) {
        return em.createNativeQuery("UPDATE " + table + " SET lease_owner = NULL, lease_expires_at = NULL"
                + " WHERE id = ?1 AND lease_owner = ?2")
                .setParameter(1, id).setParameter(2, owner).executeUpdate() == 1;
    }

    /**
     * An update of a row we own: {@code set} (its parameters numbered from 3) and the lease ended
     * with it when {@code end} is true; {@code ?1} is the id and {@code ?2} the owner.
     */
    public Query ownedUpdate(EntityManager em, long id, String owner, String set, boolean end, String condition,
            String returning) {
        String sql = "UPDATE " + table + " SET " + set + (end ? ", lease_owner = NULL, lease_expires_at = NULL" : "")
                + " WHERE id = ?1 AND lease_owner = ?2" + (condition.isEmpty() ? "" : " AND " + condition)
                + (returning.isEmpty() ? "" : " RETURNING " + returning);
        Query query = returning.isEmpty() ? em.createNativeQuery(sql) : em.createNativeQuery(sql, Tuple.class);
        return query.setParameter(1, id).setParameter(2, owner);
    }
}
