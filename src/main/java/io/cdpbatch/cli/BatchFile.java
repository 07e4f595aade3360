package io.cdpbatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * A batch file ready to upload: the gzipped bytes and what the API needs to know about them, all computed over the gzipped
 * bytes. A plain NDJSON input is gzipped into a temporary file that {@link #close()} deletes.
 */
public record BatchFile(Path source, Path gzipped, boolean temporary, long size, String md5Hex, String md5Base64)
        implements
            AutoCloseable {

    /** The two magic bytes every gzip member starts with. */
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    /** Gzips {@code input} unless it already is gzip, then computes size and MD5. */
    public static BatchFile prepare(Path input) throws IOException {
        if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
            throw new CliException(ExitCodes.USAGE, "cannot read file " + input);
        }
        if (startsWithGzipMagic(input)) {
            return describe(input, input, false);
        }
        Path temp = Files.createTempFile("cdp-batch-", ".json.gz");
        try {
            try (InputStream in = Files.newInputStream(input);
                    OutputStream out = new GZIPOutputStream(Files.newOutputStream(temp), 64 * 1024)) {
                in.transferTo(out);
            }
            return describe(input, temp, true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    static boolean startsWithGzipMagic(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == GZIP_MAGIC_1 && in.read() == GZIP_MAGIC_2;
        }
    }

    private static BatchFile describe(Path source, Path gzipped, boolean temporary) throws IOException {
        MessageDigest md5 = md5();
        try (InputStream in = new DigestInputStream(Files.newInputStream(gzipped), md5)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        byte[] digest = md5.digest();
        return new BatchFile(source, gzipped, temporary, Files.size(gzipped), HexFormat.of().formatHex(digest),
                Base64.getEncoder().encodeToString(digest));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    @Override
    public void close() throws IOException {
        if (temporary) {
            Files.deleteIfExists(gzipped);
        }
    }
}
