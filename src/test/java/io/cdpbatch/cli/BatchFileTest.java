package io.cdpbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cdpbatch.support.TestFiles;
import picocli.CommandLine.TypeConversionException;

/** The local preparation of a batch file: gzip when needed, size and MD5 over the gzipped bytes. */
class BatchFileTest {

    static final String NDJSON = "{\"ref\":\"r1\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"email\":\"a@example.com\"}}\n";

    @TempDir
    Path dir;

    @Test
    void plainNdjsonIsGzippedToATemporaryFileThatCloseDeletes() throws IOException {
        Path plain = dir.resolve("records.ndjson");
        Files.writeString(plain, NDJSON);

        Path gzipped;
        try (BatchFile file = BatchFile.prepare(plain)) {
            gzipped = file.gzipped();
            byte[] bytes = Files.readAllBytes(gzipped);

            assertThat(file.temporary()).isTrue();
            assertThat(file.source()).isEqualTo(plain);
            assertThat(gzipped).isNotEqualTo(plain);
            assertThat(bytes[0] & 0xff).isEqualTo(0x1f);
            assertThat(bytes[1] & 0xff).isEqualTo(0x8b);
            assertThat(gunzip(bytes)).isEqualTo(NDJSON);
            assertThat(file.size()).isEqualTo(bytes.length);
            assertThat(file.md5Hex()).isEqualTo(TestFiles.md5Hex(bytes)).hasSize(32);
            assertThat(file.md5Base64()).isEqualTo(TestFiles.md5Base64(bytes)).hasSize(24);
        }
        assertThat(gzipped).doesNotExist();
        assertThat(plain).exists();
    }

    @Test
    void gzipInputIsUsedAsItIs() throws IOException {
        byte[] gz = TestFiles.gzip(NDJSON.getBytes(StandardCharsets.UTF_8));
        Path input = dir.resolve("records.json.gz");
        Files.write(input, gz);

        try (BatchFile file = BatchFile.prepare(input)) {
            assertThat(file.temporary()).isFalse();
            assertThat(file.gzipped()).isEqualTo(input);
            assertThat(file.size()).isEqualTo(gz.length);
            assertThat(file.md5Hex()).isEqualTo(TestFiles.md5Hex(gz));
            assertThat(file.md5Base64()).isEqualTo(TestFiles.md5Base64(gz));
        }
        // close never deletes the caller's own file
        assertThat(input).exists();
    }

    @Test
    void gzipIsDetectedByContentNotByName() throws IOException {
        Path misnamed = dir.resolve("records.gz");
        Files.writeString(misnamed, NDJSON);
        Path gzipWithoutSuffix = dir.resolve("records.txt");
        Files.write(gzipWithoutSuffix, TestFiles.gzip(NDJSON.getBytes(StandardCharsets.UTF_8)));

        try (BatchFile plain = BatchFile.prepare(misnamed); BatchFile gz = BatchFile.prepare(gzipWithoutSuffix)) {
            assertThat(plain.temporary()).isTrue();
            assertThat(gunzip(Files.readAllBytes(plain.gzipped()))).isEqualTo(NDJSON);
            assertThat(gz.temporary()).isFalse();
        }
    }

    @Test
    void onlyTheTwoMagicBytesDecide() throws IOException {
        Path raw = dir.resolve("raw.bin");
        Files.write(raw, new byte[] { 0x1f, (byte) 0x8b, 'a', 'b', 'c' }); // starts like gzip: taken as it is

        try (BatchFile file = BatchFile.prepare(raw)) {
            assertThat(file.size()).isEqualTo(5);
            assertThat(file.md5Hex()).isEqualTo(TestFiles.md5Hex(new byte[] { 0x1f, (byte) 0x8b, 'a', 'b', 'c' }));
        }
        Path almost = dir.resolve("almost.bin");
        Files.write(almost, new byte[] { 0x1f, 'a', 'b', 'c' });
        try (BatchFile file = BatchFile.prepare(almost)) {
            assertThat(file.temporary()).isTrue();
            assertThat(gunzip(Files.readAllBytes(file.gzipped()))).isEqualTo("\u001fabc");
        }
    }

    @Test
    void aMissingFileIsAUsageError() {
        assertThatThrownBy(() -> BatchFile.prepare(dir.resolve("nope.ndjson")))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessage("cannot read file " + dir.resolve("nope.ndjson"));
        assertThatThrownBy(() -> BatchFile.prepare(dir))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
    }

    @Test
    void errorLogLinesAreDecoded() {
        assertThat(ErrorLogPrinter.decode(
                "{\"ref\":\"r8\",\"code\":\"400\",\"message\":\"Validation error\",\"line\":8,\"detail\":\"value.email: not a valid e-mail address\"}"))
                .isEqualTo("line 8  ref r8  code 400  Validation error: value.email: not a valid e-mail address");
        assertThat(ErrorLogPrinter.decode("{\"ref\":\"null\",\"code\":\"400\",\"message\":\"Failed to parse import line\"}"))
                .isEqualTo("ref null  code 400  Failed to parse import line");
        assertThat(ErrorLogPrinter.decode("not json")).isEqualTo("not json");
    }

    @Test
    void durationsAsPeopleTypeThem() {
        DurationConverter converter = new DurationConverter();
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(converter.convert("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(converter.convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> converter.convert("soon")).isInstanceOf(TypeConversionException.class)
                .hasMessage("'soon' is not a duration (examples: 90s, 10m, 1h, 500ms)");
    }

    @Test
    void byteCountsForProgress() {
        assertThat(Progress.bytes(0)).isEqualTo("0 B");
        assertThat(Progress.bytes(1023)).isEqualTo("1023 B");
        assertThat(Progress.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Progress.bytes(50L * 1024 * 1024)).isEqualTo("50.0 MiB");
    }

    static String gunzip(byte[] gz) throws IOException {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
