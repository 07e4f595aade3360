package io.cdpbatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cdpbatch.pipeline.NdjsonReader;
import io.cdpbatch.records.Consumer;
import io.cdpbatch.records.OrderWrite;
import io.cdpbatch.records.ParsedRecord;
import io.cdpbatch.records.RecordParser;

/** The flight bookings of the benchmark are valid records, and their plain-SQL rows describe the same data. */
class FlightBenchDataTest {

    @Test
    void everyBookingIsValidAndItsRowsMatch(@TempDir Path dir) throws Exception {
        BenchData.FlightFile file = BenchData.flights(dir, "t", 20, 60, 42);

        RecordParser parser = new RecordParser(Clock.systemUTC());
        int bookings = 0;
        try (NdjsonReader reader = new NdjsonReader(file.gz(), 1 << 20, Long.MAX_VALUE)) {
            NdjsonReader.Line line;
            while ((line = reader.next()) != null) {
                var outcome = parser.parse(line.bytes(), 0, line.length());
                assertThat(outcome).as("line %d", line.number()).isInstanceOf(ParsedRecord.class);
                OrderWrite write = (OrderWrite) ((ParsedRecord) outcome).record();
                List<Consumer> consumers = write.order().consumers();
                assertThat(consumers).hasSize(BenchData.FLIGHT_CONSUMERS);
                // applied in parallel like any order of its contact: no consumer identifies anyone else
                assertThat(write.routingKey()).startsWith("i:email");
                assertThat(consumers.get(0).person().firstName()).isEqualTo(write.order().contact().firstName());
                assertThat(consumers.get(1).person().firstName()).isNotEqualTo(write.order().contact().firstName());
                assertThat(write.order().items()).hasSize(BenchData.FLIGHT_ITEMS)
                        .allSatisfy(item -> assertThat(item.flightSegments()).hasSize(BenchData.FLIGHT_SEGMENTS));
                bookings++;
            }
        }
        assertThat(bookings).isEqualTo(60);
        assertThat(Files.readAllLines(file.contactRows())).hasSize(file.contacts());
        assertThat(file.contacts()).isBetween(1, 20);
        assertThat(Files.readAllLines(file.orderRows())).hasSize(60);
        assertThat(Files.readAllLines(file.itemRows())).hasSize(120);
        assertThat(Files.readAllLines(file.segmentRows())).hasSize(240);
        assertThat(Files.readAllLines(file.consumerRows())).hasSize(180);
        assertThat(Files.readAllLines(file.linkRows())).hasSize(180);
        assertThat(DbLimit.expectedFlightCounts(file))
                .containsExactly(file.contacts() + 120L, 60, 120, 240, 180, 180);
    }
}
