package io.cdpbatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cdpbatch.support.TestFiles;

/** The copier finds lines by the reader's numbers and copies their bytes without the terminator. */
class FailedLinesTest {

    static final int MAX_LINE = 100;

    @TempDir
    Path dir;

    @Test
    void everyLineTheReaderReturnsIsCopiedWithTheSameNumberAndBytes() throws IOException {
        var random = new Random(7);
        for (int round = 0; round < 50; round++) {
            byte[] plain = randomFile(random);
            Path file = dir.resolve("f" + round + ".gz");
            Files.write(file, TestFiles.gzip(plain));
            List<long[]> numbers = new ArrayList<>();
            List<byte[]> expected = new ArrayList<>();
            try (NdjsonReader reader = new NdjsonReader(file, MAX_LINE, Long.MAX_VALUE)) {
                NdjsonReader.Line line;
                while ((line = reader.next()) != null) {
                    if (!line.tooLong() && random.nextInt(3) > 0) {
                        numbers.add(new long[] { line.number() });
                        expected.add(Arrays.copyOf(line.bytes(), line.length()));
                    }
                }
            }
            var out = new ByteArrayOutputStream();
            try (FailedLines lines = new FailedLines(file, Long.MAX_VALUE)) {
                for (long[] number : numbers) {
                    assertThat(lines.copy(number[0], out)).isTrue();
                }
            }
            var want = new ByteArrayOutputStream();
            for (byte[] bytes : expected) {
                want.writeBytes(bytes);
                want.write('\n');
            }
            assertThat(out.toByteArray()).as("round %d", round).isEqualTo(want.toByteArray());
        }
    }

    @Test
    void crlfBomTooLongLinesAndAFinalLineWithoutTerminator() throws IOException {
        String longLine = "{\"x\":\"" + "y".repeat(200_000) + "\r\"}";
        String text = "\uFEFF{\"a\":1}\r\n\r\n  \n" + longLine + "\r\n{\"b\":\"\r\r\"}\r\n{\"c\":3}";
        Path file = dir.resolve("mixed.gz");
        Files.write(file, TestFiles.gzip(text.getBytes(StandardCharsets.UTF_8)));

        var out = new ByteArrayOutputStream();
        try (FailedLines lines = new FailedLines(file, Long.MAX_VALUE)) {
            assertThat(lines.copy(1, out)).isTrue();
            assertThat(lines.copy(4, out)).isTrue();
            assertThat(lines.copy(4, out)).as("the same line twice").isFalse();
            assertThat(lines.copy(5, out)).isTrue();
            assertThat(lines.copy(6, out)).isTrue();
            assertThat(lines.copy(7, out)).as("past the end").isFalse();
        }

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":1}\n" + longLine + "\n{\"b\":\"\r\r\"}\n{\"c\":3}\n");
    }

    @Test
    void invalidUtf8IsCopiedAsItIs() throws IOException {
        byte[] plain = { '{', '"', 'a', '"', ':', '"', (byte) 0xc3, (byte) 0x28, (byte) 0xff, '"', '}', '\n', 'x', '\n' };
        Path file = dir.resolve("utf8.gz");
        Files.write(file, TestFiles.gzip(plain));

        var out = new ByteArrayOutputStream();
        try (FailedLines lines = new FailedLines(file, Long.MAX_VALUE)) {
            assertThat(lines.copy(1, out)).isTrue();
        }

        assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(plain, 12));
    }

    /** Lines of random length (some over the limit, some blank, some CRLF), BOM or not, LF at the end or not. */
    static byte[] randomFile(Random random) {
        var out = new ByteArrayOutputStream();
        if (random.nextBoolean()) {
            out.writeBytes(new byte[] { (byte) 0xef, (byte) 0xbb, (byte) 0xbf });
        }
        int lines = random.nextInt(40);
        for (int i = 0; i < lines; i++) {
            int kind = random.nextInt(10);
            int length = kind == 0 ? 0 : kind == 1 ? MAX_LINE + random.nextInt(70_000) : random.nextInt(MAX_LINE);
            for (int j = 0; j < length; j++) {
                int c = random.nextInt(40);
                out.write(c == 0 ? '\r' : c == 1 ? ' ' : 'a' + (c % 26));
            }
            if (i < lines - 1 || random.nextBoolean()) {
                if (random.nextInt(3) == 0) {
                    out.write('\r');
                }
                out.write('\n');
            }
        }
        return out.toByteArray();
    }
}
