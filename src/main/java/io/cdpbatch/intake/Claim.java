package io.cdpbatch.intake;

import java.util.UUID;

import io.cdpbatch.auth.Tenant;
import io.cdpbatch.batch.BatchStatus;

/**
 * A batch this instance holds the lease of.
 *
 * @param status the status when claimed: {@code uploading} (to verify) or {@code file_uploaded} /
 *        {@code processing} (to process; {@code processing} means an earlier attempt stopped)
 * @param takeover whether the lease was taken from an instance that stopped renewing it
 * @param dryRun whether the batch is a dry run: its records are validated, every transaction rolled back
 */
public record Claim(long id, Tenant tenant, UUID ref, String checksum, long size, BatchStatus status, boolean takeover,
        boolean dryRun) {
}
