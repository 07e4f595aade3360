package io.cdpbatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import org.junit.jupiter.api.Test;

/** Strict gunzip: every member whole and checked, nothing after the last one. */
class GzipMembersTest {

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static String read(byte[] file, int bufferSize) throws IOException {
        try (GzipMembers in = new GzipMembers(new ByteArrayInputStream(file), bufferSize)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsOneMemberAndCountsTheCompressedBytes() throws IOException {
        byte[] file = gzip("a\nb\n");
        try (GzipMembers in = new GzipMembers(new ByteArrayInputStream(file), 64 * 1024)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("a\nb\n");
            assertThat(in.compressedBytesRead()).isEqualTo(file.length);
            assertThat(in.members()).isEqualTo(1);
        }
    }

    @Test
    void readsManyMembersWhateverTheBufferSize() throws IOException {
        StringBuilder expected = new StringBuilder();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (int i = 0; i < 500; i++) {
            String part = "{\"ref\":\"" + i + "\"}\n";
            expected.append(part);
            file.writeBytes(gzip(part));
        }
        for (int buffer : new int[] { 1, 7, 64, 4096, 64 * 1024 }) {
            assertThat(read(file.toByteArray(), buffer)).as("buffer %d", buffer).isEqualTo(expected.toString());
        }
    }

    @Test
    void anEmptyMemberIsAMember() throws IOException {
        assertThat(read(concat(gzip("x\n"), gzip(""), gzip("y\n")), 16)).isEqualTo("x\ny\n");
    }

    @Test
    void aCorruptTrailingMemberIsAnErrorNotTheEndOfTheFile() throws IOException {
        byte[] second = gzip("lost\n");
        second[second.length / 2] ^= 0x5a;
        assertThatThrownBy(() -> read(concat(gzip("kept\n"), second), 64 * 1024)).isInstanceOf(ZipException.class);
    }

    @Test
    void garbageAfterTheLastMemberIsAnError() {
        assertThatThrownBy(() -> read(concat(gzip("kept\n"), "PK\u0003\u0004 not gzip".getBytes(StandardCharsets.UTF_8)), 64))
                .isInstanceOf(ZipException.class).hasMessageContaining("not a gzip member");
    }

    @Test
    void aSecondMemberCutInItsHeaderIsTruncation() throws IOException {
        byte[] second = gzip("lost\n");
        assertThatThrownBy(() -> read(concat(gzip("kept\n"), Arrays.copyOf(second, 5)), 64)).isInstanceOf(EOFException.class);
    }

    @Test
    void aTruncatedMemberIsTruncation() throws IOException {
        byte[] file = gzip("a".repeat(10_000));
        assertThatThrownBy(() -> read(Arrays.copyOf(file, file.length - 12), 64)).isInstanceOf(EOFException.class);
    }

    @Test
    void aWrongChecksumIsCorruption() throws IOException {
        byte[] file = gzip("checked\n");
        file[file.length - 8] ^= 1;
        assertThatThrownBy(() -> read(file, 64)).isInstanceOf(ZipException.class).hasMessageContaining("CRC");
    }

    @Test
    void aWrongLengthIsCorruption() throws IOException {
        byte[] file = gzip("checked\n");
        file[file.length - 4] ^= 1;
        assertThatThrownBy(() -> read(file, 64)).isInstanceOf(ZipException.class).hasMessageContaining("Length");
    }

    @Test
    void notGzipAndEmptyAreRefusedAtOnce() {
        assertThatThrownBy(() -> read("{\"ref\":1}\n".getBytes(StandardCharsets.UTF_8), 64)).isInstanceOf(ZipException.class);
        assertThatThrownBy(() -> read(new byte[0], 64)).isInstanceOf(EOFException.class);
    }
}
