package io.cdpbatch.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.cdpbatch.support.Lines;

/** The accepted forms of date-times, e-mail addresses and codes, and the parser's thread safety. */
class FieldFormatsTest {

    @ParameterizedTest
    @CsvSource({
            "1985-12-24T00:00Z, 1985-12-24T00:00:00Z",
            "1985-12-24T00:00:59Z, 1985-12-24T00:00:59Z",
            "1985-12-24T00:00:59.5Z, 1985-12-24T00:00:59.500Z",
            "1985-12-24T00:00:59.123456789Z, 1985-12-24T00:00:59.123456789Z",
            "1985-12-24T01:00+01:00, 1985-12-24T00:00:00Z",
            "1985-12-24T01:00:00+0100, 1985-12-24T00:00:00Z",
            "1985-12-24T01:00:00.000+01, 1985-12-24T00:00:00Z",
            "1985-12-23T19:00-05:00, 1985-12-24T00:00:00Z",
            "2024-02-29T12:00Z, 2024-02-29T12:00:00Z",
            "2000-02-29T23:59:59+18:00, 2000-02-29T05:59:59Z",
            "0001-01-01T00:00Z, 0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z, 9999-12-31T23:59:59.999999999Z" })
    void acceptedDateTimes(String text, String expected) {
        assertThat(Fields.parseDateTime(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "1985-12-24", "1985-12-24T00:00", "1985-12-24 00:00Z", "1985-12-24t00:00z",
            "85-12-24T00:00Z", "1985-1-24T00:00Z", "1985-12-24T0:00Z", "1985-12-24T00:00:5Z", "1985-12-24T00:00:60Z",
            "1985-12-24T00:60Z", "1985-12-32T00:00Z", "1985-00-10T00:00Z", "1900-02-29T00:00Z", "1985-12-24T00:00.5Z",
            "1985-12-24T00:00:00.Z", "1985-12-24T00:00:00.1234567890Z", "1985-12-24T00:00+1", "1985-12-24T00:00+01:0",
            "1985-12-24T00:00+01:00:00", "1985-12-24T00:00+18:30", "1985-12-24T00:00Z+01:00", "1985-12-24T00:00ZZ",
            "+1985-12-24T00:00Z", "1985-12-24T00:00 Z", "１９８５-12-24T00:00Z" })
    void refusedDateTimes(String text) {
        assertThat(Fields.parseDateTime(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "a@b.co", "ann.lee+news@example.com", "o'brien@example.ie", "x_y-z@sub.domain.example.org",
            "user@xn--bcher-kva.example", "jörg@bücher.de", "a!#$%&*/=?^`{|}~@example.com", "1@2.io" })
    void acceptedEmails(String email) {
        assertThat(Fields.isEmail(email)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "plain", "@example.com", "ann@", "ann@@example.com", "ann@example", ".ann@example.com",
            "ann.@example.com", "a..b@example.com", "ann@example..com", "ann@.example.com", "ann@example.com.",
            "ann@-a.com", "ann@a-.com", "ann@exam ple.com", "an n@example.com", "\"ann\"@example.com",
            "ann@[127.0.0.1]", "ann@example.123", "ann@1.2.3.4", "ann(comment)@example.com", "ann@example.com\n" })
    void refusedEmails(String email) {
        assertThat(Fields.isEmail(email)).isFalse();
    }

    @Test
    void codesAreCaseInsensitiveWhereTheSpecSaysSo() {
        GuestUpsert guest = RecordLines.record(
                Lines.guest("r1").email("a@b.com").set("country", "gB").set("language", "Fr").upsert(), GuestUpsert.class);

        assertThat(guest.country()).isEqualTo("GB");
        assertThat(guest.language()).isEqualTo("fr");
    }

    @Test
    void oneParserServesManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int t = thread;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        String email = "guest" + t + "x" + i + "@example.com";
                        LineOutcome outcome = RecordLines
                                .parse(Lines.line("r1", "guest", "upsert", "{'email':'" + email + "'}"));
                        if (!(outcome instanceof ParsedRecord parsed)
                                || !((GuestUpsert) parsed.record()).email().equals(email)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
