package io.cdpbatch.records;

import java.util.List;

/**
 * {@code schema: guest, mode: delete} or {@code gdpr_delete}. At least one of
 * identifiers and email is present.
 *
 * @param identifiers possibly empty; the guest is found by them first, by e-mail only without them
 * @param email lower-cased, or null
 * @param gdpr true for {@code gdpr_delete}: the guest's orders go too
 */
public record GuestDelete(List<Identifier> identifiers, String email, boolean gdpr) implements ValidRecord {

    @Override
    public String routingKey() {
        return ValidRecord.identityKey(identifiers, email);
    }
}
