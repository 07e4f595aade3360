package io.cdpbatch.lifecycle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The guard of every write an attempt makes to customer data: in the write's own transaction, the
 * batch row is locked {@code FOR KEY SHARE} only if this instance still holds a live lease. While
 * the transaction runs, no claim can take the batch over (claims lock {@code FOR UPDATE ... SKIP
 * LOCKED}), so an instance that lost its lease can never write after the new owner started.
 */
public final class Fence {

    private Fence() {
    }

    /** @throws LeaseLost when the lease is no longer this attempt's (the attempt is stopped too) */
    public static void check(Connection connection, Attempt attempt) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT 1 FROM batch WHERE id = ? AND lease_owner = ? AND lease_expires_at > clock_timestamp()
                FOR KEY SHARE""")) {
            statement.setLong(1, attempt.batchId());
            statement.setString(2, attempt.owner());
            try (var rows = statement.executeQuery()) {
                if (!rows.next()) {
                    LeaseLost lost = new LeaseLost("The lease of batch " + attempt.claim().ref() + " was lost");
                    attempt.stop(lost);
                    throw lost;
                }
            }
        }
    }
}
