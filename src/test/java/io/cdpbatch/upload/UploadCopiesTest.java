package io.cdpbatch.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.lifecycle.WorkRunner;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestFiles;
import io.quarkus.test.junit.QuarkusTest;

/** A verified copy is kept for the processing that follows here, and no longer than its batch waits for it. */
@QuarkusTest
@ApiTest
class UploadCopiesTest {

    @Inject
    UploadCopies copies;

    @Inject
    WorkRunner runner;

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void resume() {
        runner.setPaused(false);
    }

    @Test
    void theCopyOfABatchProcessedElsewhereIsDeletedBySweep() throws SQLException {
        runner.setPaused(true);
        copies.sweep();
        long before = copies.keptBytes();
        Tenants tenant = Tenants.create();
        byte[] file = TestFiles.ndjsonGz(List.of(Lines.guest("1").email("kept@example.com").upsert()));
        String ref = Batches.upload(tenant, file);
        Batches.awaitStatus(tenant, ref, "file_uploaded");
        assertThat(copies.keptBytes()).isEqualTo(before + file.length);

        // another instance processed it meanwhile
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE batch SET status = 'success', total_count = 1, succeeded_count = 1, failed_count = 0"
                                + " WHERE ref = ?::uuid")) {
            s.setString(1, ref);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        copies.sweep();

        assertThat(copies.keptBytes()).isEqualTo(before);
    }
}
