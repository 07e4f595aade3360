package io.cdpbatch.records;

import static io.cdpbatch.records.RecordLines.record;
import static io.cdpbatch.records.RecordLines.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.cdpbatch.support.Lines;

class GuestDeleteAndMigrationParsingTest {

    @Test
    void deleteByIdentifiersOrEmail() {
        GuestDelete byIdentifier = record(Lines.guest("r1").identifier("crm", "9").delete(),
                GuestDelete.class);
        assertThat(byIdentifier).isEqualTo(new GuestDelete(List.of(new Identifier("crm", "9", null)), null, false));
        assertThat(byIdentifier.routingKey()).isEqualTo("i:crm\u00009");

        GuestDelete gdpr = record(Lines.guest("r1").email("Ann@Example.com").json("identifiers", "[]").gdprDelete(),
                GuestDelete.class);
        assertThat(gdpr).isEqualTo(new GuestDelete(List.of(), "ann@example.com", true));
        assertThat(gdpr.routingKey()).isEqualTo("e:ann@example.com");
    }

    @Test
    void migrationHasBothSides() {
        GuestMigration migration = record(
                Lines.line("r1", "migration", "guest", "{'migrateFrom':{'identifiers':[{'provider':'crm',"
                        + "'id':'old'}]},'migrateTo':{'identifiers':[{'provider':'crm','id':'new'},{'provider':'web','id':'x'}]}}"),
                GuestMigration.class);

        assertThat(migration.from()).containsExactly(new Identifier("crm", "old", null));
        assertThat(migration.to()).containsExactly(new Identifier("crm", "new", null), new Identifier("web", "x", null));
        assertThat(migration.routingKey()).isNull();
    }

    static Stream<Arguments> badRecords() {
        String from = "'migrateFrom':{'identifiers':[{'provider':'crm','id':'old'}]}";
        String to = "'migrateTo':{'identifiers':[{'provider':'crm','id':'new'}]}";
        return Stream.of(
                Arguments.of("guest", "delete", "{}", 400, Rejection.NOT_ENOUGH_IDENTIFYING_INFO,
                        "value: no identifiers and no email"),
                Arguments.of("guest", "gdpr_delete", "{'identifiers':[],'email':null}", 400,
                        Rejection.NOT_ENOUGH_IDENTIFYING_INFO, "value: no identifiers and no email"),
                Arguments.of("guest", "delete", "{'firstName':'Ann'}", 400, Rejection.VALIDATION_ERROR,
                        "value.firstName: unknown attribute"),
                Arguments.of("guest", "delete", "{'email':'ann.example.com'}", 400, Rejection.VALIDATION_ERROR,
                        "value.email: not a valid e-mail address"),
                Arguments.of("guest", "gdpr_delete", "{'identifiers':[{'provider':'crm','id':''}]}", 400,
                        Rejection.VALIDATION_ERROR, "value.identifiers[0].id: must not be empty"),
                Arguments.of("guest", "delete", "{'identifiers':'crm:9'}", 400, Rejection.VALIDATION_ERROR,
                        "value.identifiers: must be an array, got string"),
                Arguments.of("migration", "guest", "{" + from + "}", 400, Rejection.VALIDATION_ERROR,
                        "value.migrateTo: required"),
                Arguments.of("migration", "guest", "{" + to + "}", 400, Rejection.VALIDATION_ERROR,
                        "value.migrateFrom: required"),
                Arguments.of("migration", "guest", "{'migrateFrom':null," + to + "}", 400, Rejection.VALIDATION_ERROR,
                        "value.migrateFrom: required"),
                Arguments.of("migration", "guest", "{'migrateFrom':'crm:old'," + to + "}", 400, Rejection.VALIDATION_ERROR,
                        "value.migrateFrom: must be an object, got string"),
                Arguments.of("migration", "guest", "{'migrateFrom':{}," + to + "}", 400, Rejection.VALIDATION_ERROR,
                        "value.migrateFrom.identifiers: required"),
                Arguments.of("migration", "guest", "{" + from + ",'migrateTo':{'identifiers':[]}}", 400,
                        Rejection.VALIDATION_ERROR, "value.migrateTo.identifiers: must contain at least one identifier"),
                Arguments.of("migration", "guest", "{'migrateFrom':{'identifiers':[{'provider':'crm','id':'old'}],"
                        + "'email':'a@b.com'}," + to + "}", 400, Rejection.VALIDATION_ERROR,
                        "value.migrateFrom.email: unknown attribute"),
                Arguments.of("migration", "guest", "{" + from + "," + to + ",'keep':true}", 400, Rejection.VALIDATION_ERROR,
                        "value.keep: unknown attribute"),
                Arguments.of("migration", "guest", "{" + from + ",'migrateTo':{'identifiers':[{'provider':'web','id':'x'},"
                        + "{'provider':'crm','id':'old'}]}}", 400, Rejection.VALIDATION_ERROR,
                        "value.migrateTo.identifiers[1]: also in migrateFrom, a guest cannot be migrated into itself"));
    }

    @ParameterizedTest
    @MethodSource("badRecords")
    void badRecordIsRejectedWithPreciseDetail(String schema, String mode, String value, int code, String message,
            String detail) {
        assertThat(rejection(Lines.line("r1", schema, mode, value))).isEqualTo(new Rejection("r1", code, message, detail));
    }
}
