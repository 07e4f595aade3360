package io.cdpbatch.lifecycle;

import java.util.UUID;

import io.cdpbatch.auth.Tenant;

/**
 * A batch this instance holds the lease of, with what the work on it needs.
 *
 * @param status the status when it was claimed ({@code uploading} for a verification,
 *        {@code file_uploaded} or, for a take-over, {@code processing})
 * @param takeover whether the lease was taken from an instance that stopped renewing it
 * @param dryRun whether the batch is a dry run: its records are validated, every transaction rolled back
 * @param traceparent the trace context of the batch's allocation, which the work on it continues; null without
 */
public record Claim(long id, Tenant tenant, UUID ref, String checksum, long size, BatchStatus status, boolean takeover,
        boolean dryRun, String traceparent) {
}
