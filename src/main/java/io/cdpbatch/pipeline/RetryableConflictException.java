package io.cdpbatch.pipeline;

import java.sql.SQLException;

/**
 * A writer saw another transaction change the rows it depends on (two workers creating the same
 * identifier at once): the chunk is rolled back and applied again.
 */
public class RetryableConflictException extends SQLException {

    static final String SQL_STATE = "CB001";

    public RetryableConflictException(String message) {
        super(message, SQL_STATE);
    }
}
