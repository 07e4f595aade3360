package io.cdpbatch.customer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cdpbatch.records.Identifier;

/**
 * Guest identity within one run of records, in memory: a guest is found by its identifiers, by its
 * e-mail only when a record has no identifiers; identifiers that point to two guests are a conflict.
 * Starts from what the database holds for the run's identities ({@link Identities#load}) and resolves
 * records in file order, so a guest created by one record is found by the next. New guests get
 * negative placeholder ids until {@link #assignIds} gives them real ones.
 * <p>
 * A record that resolves several identities (an order's contact and consumers) marks the index first
 * and rolls back to the mark when one of them fails, so that a refused record leaves no trace.
 */
final class IdentityIndex {

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

    /** A point to roll back to. */
    record Mark(int undo, long nextPlaceholder) {
    }

    private final Map<String, Long> owners;
    private final Map<String, Long> emails;
    private final Set<String> newPairs = new LinkedHashSet<>();
    private final List<Runnable> undo = new ArrayList<>();
    private final Map<Long, Long> realIds = new HashMap<>();
    private long nextPlaceholder = -1;

    /**
     * @param owners the guest of each identifier pair ({@link #pair}) the database holds
     * @param emails the guest of each e-mail the database holds (the oldest when several)
     */
    IdentityIndex(Map<String, Long> owners, Map<String, Long> emails) {
        this.owners = new HashMap<>(owners);
        this.emails = new HashMap<>(emails);
    }

    static String pair(Identifier identifier) {
        return identifier.provider() + '\u0000' + identifier.id();
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
        long guestId = created ? newGuest() : resolution.guestId();
        for (Identifier identifier : identifiers) {
            String key = pair(identifier);
            if (owners.putIfAbsent(key, guestId) == null) {
                newPairs.add(key);
                undo.add(() -> {
                    owners.remove(key);
                    newPairs.remove(key);
                });
            }
        }
        if (identifiers.isEmpty() && email != null) {
            rememberEmail(email, guestId);
        }
        return new Resolution(guestId, created, 1);
    }

    /** A placeholder for a guest this run creates without an identity (a traveller). */
    long newGuest() {
        return nextPlaceholder--;
    }

    /** A guest now has this e-mail: later records without identifiers find it by it. */
    void rememberEmail(String email, long guestId) {
        if (emails.putIfAbsent(email, guestId) == null) {
            undo.add(() -> emails.remove(email));
        }
    }

    /** Forgets a guest deleted by this run. */
    void forget(long guestId) {
        owners.values().removeIf(id -> id == guestId);
        emails.values().removeIf(id -> id == guestId);
    }

    Mark mark() {
        return new Mark(undo.size(), nextPlaceholder);
    }

    /** Undoes what was learnt since the mark: the identities and the guests a refused record would have created. */
    void rollback(Mark mark) {
        for (int i = undo.size() - 1; i >= mark.undo(); i--) {
            undo.remove(i).run();
        }
        nextPlaceholder = mark.nextPlaceholder();
    }

    /** How many guests this run creates (placeholders -1 .. -n). */
    int newGuests() {
        return (int) (-nextPlaceholder - 1);
    }

    /** The real ids of the new guests, in placeholder order (-1 first). */
    void assignIds(List<Long> ids) {
        if (ids.size() != newGuests()) {
            throw new IllegalArgumentException(ids.size() + " ids for " + newGuests() + " new guests");
        }
        for (int i = 0; i < ids.size(); i++) {
            realIds.put(-1L - i, ids.get(i));
        }
    }

    long realId(long guestId) {
        return guestId < 0 ? realIds.get(guestId) : guestId;
    }

    /**
     * Whether this run adds the identifier: no guest had it when the run looked it up. Such an
     * identifier is inserted, not upserted: a unique violation then means another transaction gave it to
     * a guest meanwhile, and the chunk is applied again.
     */
    boolean isNew(Identifier identifier) {
        return newPairs.contains(pair(identifier));
    }
}
