package io.cdpbatch.customer;

import java.util.ArrayList;
import java.util.List;

import io.cdpbatch.pipeline.Failure;
import io.cdpbatch.pipeline.RecordLine;
import io.cdpbatch.records.GuestField;
import io.cdpbatch.records.GuestUpsert;
import io.cdpbatch.records.Rejection;

/**
 * What a run of guest upserts does, decided in memory in file order: each record finds its guest by
 * identity (or creates it), identifiers pointing to two guests refuse the record with 409, and the
 * fields of the others fold into one patch per guest (the last value of a field wins).
 *
 * @param failures the refused records, in line order
 * @param changes the changes to write
 */
record GuestUpsertPlan(List<Failure> failures, GuestChanges changes) {

    static GuestUpsertPlan of(List<RecordLine<GuestUpsert>> run, IdentityIndex identities) {
        List<Failure> failures = new ArrayList<>();
        GuestChanges changes = new GuestChanges();
        for (RecordLine<GuestUpsert> line : run) {
            GuestUpsert guest = line.record();
            IdentityIndex.Resolution resolution = identities.resolveOrCreate(guest.identifiers(), guest.email());
            if (resolution.conflict()) {
                failures.add(line.failure(409, Rejection.IDENTITY_CONFLICT,
                        "value.identifiers: the identifiers belong to " + resolution.guests() + " different guests"));
                continue;
            }
            if (guest.has(GuestField.EMAIL) && guest.email() != null) {
                identities.rememberEmail(guest.email(), resolution.guestId());
            }
            changes.upsert(resolution.guestId(), resolution.created(), guest);
        }
        return new GuestUpsertPlan(failures, changes);
    }
}
