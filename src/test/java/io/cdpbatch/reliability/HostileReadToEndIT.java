package io.cdpbatch.reliability;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The file of 20,000,000 lines {@code x} with the leading-invalid limit off
 * ({@code BATCH_PROCESSING_MAX_LEADING_INVALID_LINES=0}): read to its end on a 256 MB heap, every
 * line counted, the error log capped, the local disk bounded ({@link HostileSuite#readToEnd()}).
 */
class HostileReadToEndIT {

    static HostileSuite suite;

    @BeforeAll
    static void start() {
        suite = HostileSuite.start("hostile-read-to-end", Map.of("BATCH_PROCESSING_MAX_LEADING_INVALID_LINES", "0"),
                HostileSuite.Size.VERIFY);
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void twentyMillionLinesOfXAreReadToTheEndWithinBoundedDisk() {
        suite.readToEnd();
    }
}
