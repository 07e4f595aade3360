package io.cdpbatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The benchmark harness with tiny data against the packaged service (runs in {@code verify}, after
 * {@code package}): every part runs and the report is written. The figures mean nothing here.
 */
class BenchSmokeIT {

    @Test
    void theHarnessRunsEveryPartAndWritesTheReport() throws Exception {
        BenchRunner.Options options = new BenchRunner.Options();
        options.sizes = List.of(300);
        options.firstBatch = 200;
        options.orders = 0;
        options.flights = 30;
        options.indexRows = 100;
        options.indexFlights = 20;
        options.indexRounds = 1;
        options.detections = 3;
        options.detectionConcurrency = 3;
        options.wrkSeconds = 1;
        options.wrkConnections = 4;
        options.work = Path.of("target/bench-smoke");
        options.out = Path.of("target/bench-smoke/BENCHMARKS.md");
        Files.deleteIfExists(options.out);

        BenchRunner.Results results = BenchRunner.run(options);

        BenchRunner.Ingest ingest = results.ingest.get(300);
        assertThat(ingest.status()).isEqualTo("success");
        assertThat(ingest.succeeded()).isEqualTo(300);
        assertThat(ingest.failed()).isZero();
        assertThat(results.dbLimit.get(300).records()).isEqualTo(300);
        // the COPY into the final tables wrote every row: 300 guests, their identifiers, 300 extension groups
        assertThat(results.limit.get(300).records()).isEqualTo(300);
        assertThat(results.limit.get(300).rows()).isGreaterThanOrEqualTo(300 + 300 + 300);
        assertThat(results.cpu.get(300).valid()).isEqualTo(300);
        assertThat(results.warmUp.status()).isEqualTo("success");
        assertThat(results.warmUp.succeeded()).isEqualTo(200);
        assertThat(results.warmUpRowsLeft).as("the dry run leaves the database fresh").isZero();
        assertThat(results.firstBatch.succeeded()).isEqualTo(200);
        assertThat(results.secondBatch.succeeded()).isEqualTo(200);
        assertThat(results.flights.status()).isEqualTo("success");
        assertThat(results.flights.succeeded()).isEqualTo(30);
        // 30 bookings: 30 orders, 60 items, 120 segments, 90 consumers, 90 links, contacts and 60 travellers
        assertThat(results.flightsLimit.rows()).isGreaterThan(30 + 60 + 120 + 90 + 90 + 60);
        // every index of the guest tables dropped in turn, and the two foreign keys added back
        assertThat(results.indexCosts.stream().filter(c -> c.group().equals("guests")).map(BenchRunner.IndexCost::label))
                .contains("with a foreign key guest_identifier (guest_id) -> guest (id)")
                .anyMatch(label -> label.startsWith("without guest_pkey"))
                .anyMatch(label -> label.startsWith("without guest_identifier_guest_idx"));
        assertThat(results.indexCosts.stream().filter(c -> c.group().equals("flight orders")).map(BenchRunner.IndexCost::label))
                .anyMatch(label -> label.startsWith("without order_consumer_guest_idx"));
        assertThat(results.detectionMs).hasSize(3);
        assertThat(results.peakRss).isPositive();
        if (Wrk.available()) {
            List<String> paths = results.wrk.stream().map(Wrk.Result::path).toList();
            assertThat(paths).hasSize(5);
            assertThat(paths.get(0)).isEqualTo("/v2/batches/" + BenchRunner.lastRef());
            // a second batch, still uploading: the status GET that reads the database every time
            assertThat(paths.get(1)).startsWith("/v2/batches/").isNotEqualTo(paths.get(0));
            assertThat(results.wrkLabels.get(paths.get(1))).contains("still uploading");
            assertThat(paths.subList(2, 5)).containsExactly(BenchRunner.LIST_PATH, BenchRunner.CEILING_PATH,
                    BenchRunner.HEALTH_REFERENCE_PATH);
        }
        String report = Files.readString(options.out);
        assertThat(report).contains(BenchRunner.BEGIN, BenchRunner.END, "a/L = ", "a/b = ", "a/c = ", "first/next = ",
                "(d) detection", "Cost of each index");
    }
}
