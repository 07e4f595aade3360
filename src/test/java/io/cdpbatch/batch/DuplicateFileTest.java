package io.cdpbatch.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** duplicateOf in the allocation answer: the newest successful real batch of the tenant with the same file. */
@QuarkusTest
@ApiTest
class DuplicateFileTest {

    @Inject
    AgroalDataSource dataSource;

    Tenants tenant;

    /** A file no other test has: the tenant's own guest. */
    private byte[] file(String id) {
        return TestFiles.ndjsonGz(List.of("{\"ref\":\"1\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"identifiers\":"
                + "[{\"provider\":\"crm\",\"id\":\"" + id + "-" + UUID.randomUUID() + "\"}]}}"));
    }

    private static ValidatableResponse allocate(Tenants tenant, String ref, byte[] file, String extension, int status) {
        return tenant.given().body("{\"checksum\":\"" + TestFiles.md5Hex(file) + "\",\"size\":" + file.length + extension + "}")
                .when().put("/v2/batches/{ref}", ref).then().statusCode(status);
    }

    /** Allocates, uploads and waits for the end; returns the ref. */
    private String process(Tenants tenant, byte[] file, String extension, String expectedStatus) {
        String ref = UUID.randomUUID().toString();
        String url = allocate(tenant, ref, file, extension, 201).extract().path("location.href");
        assertThat(Uploads.put(url, file).status()).isEqualTo(200);
        assertThat(Batches.awaitTerminal(tenant, ref).getString("status.code")).isEqualTo(expectedStatus);
        return ref;
    }

    @Test
    void aFileThatAlreadySucceededIsFlaggedAndStillAccepted() {
        byte[] file = file("dup");
        String first = process(tenant, file, "", "success");

        String again = UUID.randomUUID().toString();
        String url = allocate(tenant, again, file, "", 201).body("duplicateOf", equalTo(first)).extract().path("location.href");
        // the repeated PUT (200) says so too
        allocate(tenant, again, file, "", 200).body("duplicateOf", equalTo(first));
        // a dry run of the same file is told as well
        allocate(tenant, UUID.randomUUID().toString(), file, ",\"dryRun\":true", 201).body("duplicateOf", equalTo(first));
        // the upload is still allowed, and processed; status and inspect do not repeat the warning
        assertThat(Uploads.put(url, file).status()).isEqualTo(200);
        assertThat(Batches.awaitTerminal(tenant, again).getString("status.code")).isEqualTo("success");
        tenant.given().get("/v2/batches/{ref}", again).then().statusCode(200).body("duplicateOf", nullValue());
        tenant.given().get("/v2/batches/inspect/{ref}", again).then().statusCode(200).body("duplicateOf", nullValue());

        // a different file is no duplicate
        allocate(tenant, UUID.randomUUID().toString(), file("other"), "", 201).body("duplicateOf", nullValue());
    }

    @Test
    void neverAcrossTenants() {
        byte[] file = file("shared");
        process(tenant, file, "", "success");
        Tenants other = Tenants.create();
        allocate(other, UUID.randomUUID().toString(), file, "", 201).body("duplicateOf", nullValue());
    }

    @Test
    void onlySuccessfulRealBatchesWithinRetentionCount() throws SQLException {
        // error: a line that fails
        byte[] failing = TestFiles.ndjsonGz(List.of("{not json " + UUID.randomUUID() + "}"));
        process(tenant, failing, "", "error");
        allocate(tenant, UUID.randomUUID().toString(), failing, "", 201).body("duplicateOf", nullValue());

        // a successful dry run
        byte[] dry = file("dry");
        process(tenant, dry, ",\"dryRun\":true", "success");
        allocate(tenant, UUID.randomUUID().toString(), dry, "", 201).body("duplicateOf", nullValue());

        // still uploading
        byte[] waiting = file("uploading");
        allocate(tenant, UUID.randomUUID().toString(), waiting, "", 201);
        allocate(tenant, UUID.randomUUID().toString(), waiting, "", 201).body("duplicateOf", nullValue());

        // corrupted (the verifier's outcome, set here on a batch that never got its file)
        byte[] corrupted = file("corrupted");
        String corruptedRef = UUID.randomUUID().toString();
        allocate(tenant, corruptedRef, corrupted, "", 201);
        sql("UPDATE batch SET status = 'corrupted', message = 'The MD5 differs' WHERE ref = ?::uuid", corruptedRef);
        allocate(tenant, UUID.randomUUID().toString(), corrupted, "", 201).body("duplicateOf", nullValue());

        // a success older than the retention window (about to be purged) no longer counts
        byte[] old = file("old");
        String oldRef = process(tenant, old, "", "success");
        allocate(tenant, UUID.randomUUID().toString(), old, "", 201).body("duplicateOf", equalTo(oldRef));
        sql("UPDATE batch SET created_at = created_at - interval '31 days' WHERE ref = ?::uuid", oldRef);
        allocate(tenant, UUID.randomUUID().toString(), old, "", 201).body("duplicateOf", nullValue());
    }

    @Test
    void theNewestOfSeveralIsNamed() {
        byte[] file = file("twice");
        String first = process(tenant, file, "", "success");
        String second = process(tenant, file, "", "success");
        assertThat(second).isNotEqualTo(first);
        allocate(tenant, UUID.randomUUID().toString(), file, "", 201).body("duplicateOf", equalTo(second));
    }

    private void sql(String statement, String ref) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(statement)) {
            update.setString(1, ref);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
