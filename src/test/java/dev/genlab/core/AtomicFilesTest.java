package dev.genlab.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary files a killed process left behind are cleaned by the next write into their folder. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void staleTemporaryFilesOfGenlabsNamingAreDeletedAndLiveOnesKept() throws Exception {
        Path stale = dir.resolve(".model.safetensors1234567890.tmp");
        Path live = dir.resolve(".image-000001.png987654321.tmp");
        Path usersOwn = dir.resolve("notes.tmp");
        for (Path p : new Path[] {stale, live, usersOwn}) {
            Files.write(p, new byte[1000]);
        }
        FileTime old = FileTime.from(Instant.now().minus(AtomicFiles.STALE).minusSeconds(60));
        Files.setLastModifiedTime(stale, old);
        Files.setLastModifiedTime(usersOwn, old);

        AtomicFiles.write(dir.resolve("result.json"), "{}".getBytes());

        assertThat(stale).doesNotExist();
        assertThat(live).exists(); // another process may still be writing it
        assertThat(usersOwn).exists(); // not of genlab's naming
        assertThat(dir.resolve("result.json")).hasContent("{}");
    }
}
