package io.cdpbatch.pipeline;

import io.cdpbatch.records.GuestDelete;
import io.cdpbatch.records.GuestMigration;
import io.cdpbatch.records.GuestUpsert;
import io.cdpbatch.records.OrderDelete;
import io.cdpbatch.records.OrderWrite;
import io.cdpbatch.records.ValidRecord;

/** The schema of a valid record, as metrics label it. */
final class RecordKinds {

    private RecordKinds() {
    }

    static String schema(ValidRecord record) {
        if (record instanceof GuestUpsert || record instanceof GuestDelete) {
            return "guest";
        }
        if (record instanceof OrderWrite || record instanceof OrderDelete) {
            return "order";
        }
        if (record instanceof GuestMigration) {
            return "migration";
        }
        return "other";
    }
}
