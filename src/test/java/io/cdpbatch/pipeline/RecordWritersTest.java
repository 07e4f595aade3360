package io.cdpbatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cdpbatch.records.GuestDelete;
import io.cdpbatch.records.GuestMigration;
import io.cdpbatch.records.GuestUpsert;
import io.cdpbatch.records.OrderDelete;
import io.cdpbatch.records.OrderWrite;
import io.cdpbatch.records.ValidRecord;

/** The writer of each record type is found by its type, and a missing or second writer stops the start. */
class RecordWritersTest {

    record Writer<T extends ValidRecord>(Class<T> type) implements RecordWriter<T> {
        @Override
        public List<Failure> apply(Connection connection, WriteContext context, List<RecordLine<T>> run) {
            return List.of();
        }
    }

    static final List<Writer<?>> ALL = List.of(new Writer<>(GuestUpsert.class), new Writer<>(GuestDelete.class),
            new Writer<>(OrderWrite.class), new Writer<>(OrderDelete.class), new Writer<>(GuestMigration.class));

    @Test
    void everyRecordTypeHasItsWriter() {
        var byType = RecordWriters.index(ALL);

        assertThat(byType).hasSize(5);
        for (Writer<?> writer : ALL) {
            assertThat(byType.get(writer.type())).isSameAs(writer);
        }
    }

    @Test
    void aRecordTypeWithoutWriterStopsTheStart() {
        List<Writer<?>> withoutMigration = ALL.subList(0, 4);

        assertThatThrownBy(() -> RecordWriters.index(withoutMigration)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Record writers: GuestMigration has no writer");
    }

    @Test
    void twoWritersForOneTypeStopTheStart() {
        List<Writer<?>> twice = new java.util.ArrayList<>(ALL);
        twice.add(new Writer<>(OrderDelete.class));

        assertThatThrownBy(() -> RecordWriters.index(twice)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Record writers: OrderDelete has two writers: Writer and Writer");
    }
}
