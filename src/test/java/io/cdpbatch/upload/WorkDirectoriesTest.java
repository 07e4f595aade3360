package io.cdpbatch.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At start an instance removes the work directories of instances that are gone (a pod restarted on
 * the same volume, a crash on a developer's machine), never one whose instance still runs.
 */
class WorkDirectoriesTest {

    @TempDir
    Path base;

    @Test
    void removesTheDirectoriesOfInstancesThatAreGoneOnly() throws IOException {
        Path gone = Files.createDirectory(base.resolve("cdp-batch-work111"));
        Files.createFile(gone.resolve(".lock"));
        Files.write(gone.resolve("42-upload.gz"), new byte[1024]);
        Path old = Files.createDirectory(base.resolve("cdp-batch-work222"));
        Files.write(old.resolve("7-upload.gz"), new byte[10]);
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3600)));
        Path starting = Files.createDirectory(base.resolve("cdp-batch-work333"));
        Path running = Files.createDirectory(base.resolve("cdp-batch-work444"));
        Path other = Files.createDirectory(base.resolve("something-else"));

        try (FileChannel channel = FileChannel.open(running.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            UploadCopies.removeAbandoned(base);
        }

        assertThat(gone).as("lock free: its instance is gone").doesNotExist();
        assertThat(old).as("no lock, and old").doesNotExist();
        assertThat(starting).as("no lock yet, but just created").exists();
        assertThat(running).as("locked by a running instance").exists();
        assertThat(other).exists();
    }
}
