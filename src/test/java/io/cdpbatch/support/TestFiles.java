package io.cdpbatch.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Batch files as clients make them. */
public final class TestFiles {

    private TestFiles() {
    }

    public static byte[] gzip(byte[] plain) {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] ndjsonGz(List<String> lines) {
        return gzip((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String md5Hex(byte[] bytes) {
        return HexFormat.of().formatHex(md5(bytes));
    }

    public static String md5Base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(md5(bytes));
    }
}
