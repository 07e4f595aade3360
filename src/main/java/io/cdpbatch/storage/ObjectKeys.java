package io.cdpbatch.storage;

import java.util.UUID;

/** Where a batch's objects live in the bucket: {@code {clientKey}/{ref}/...}. */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    public static String upload(String clientKey, UUID ref) {
        return clientKey + "/" + ref + "/import.json.gz";
    }

    public static String errorLog(String clientKey, UUID ref) {
        return clientKey + "/" + ref + "/errors.json.gz";
    }

    /** The original lines of the failed records, re-uploadable as a new batch once fixed. */
    public static String failedRecords(String clientKey, UUID ref) {
        return clientKey + "/" + ref + "/failed-records.json.gz";
    }
}
