package io.cdpbatch.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class InstantTextTest {

    @Test
    void writesWhatInstantToStringWrites() {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.MIN, Instant.MAX,
                Instant.parse("0000-12-31T23:59:59.999999999Z"), Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.999Z"), Instant.parse("1970-01-01T00:00:00.000001Z"),
                Instant.parse("2000-02-29T12:34:56.100Z"), Instant.parse("2024-02-29T00:00:00.000000010Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-06-15T10:00:00Z")));
        SplittableRandom random = new SplittableRandom(7);
        long first = Instant.parse("-2000-01-01T00:00:00Z").getEpochSecond();
        long end = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(first, end);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nano));
        }
        for (Instant instant : instants) {
            assertEquals(instant.toString(), InstantText.of(instant), () -> "epoch second " + instant.getEpochSecond());
        }
    }
}
