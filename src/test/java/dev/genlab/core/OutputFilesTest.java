package dev.genlab.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {

    @TempDir
    Path dir;

    @Test
    void neverReplacesAnExistingFileUnlessAskedTo() throws Exception {
        OutputFiles files = new OutputFiles(dir, false);
        Path a = files.write("img", ".png", o -> o.write("first".getBytes(StandardCharsets.UTF_8)));
        Path b = files.write("img", ".png", o -> o.write("second".getBytes(StandardCharsets.UTF_8)));
        assertThat(a.getFileName().toString()).isEqualTo("img.png");
        assertThat(b.getFileName().toString()).isEqualTo("img-1.png");
        assertThat(Files.readString(a)).isEqualTo("first");

        Path c = new OutputFiles(dir, true).write("img", ".png", o -> o.write("third".getBytes(StandardCharsets.UTF_8)));
        assertThat(c).isEqualTo(a);
        assertThat(Files.readString(a)).isEqualTo("third");
    }

    @Test
    void aFailedWriteLeavesNoFileBehind() throws Exception {
        Path target = dir.resolve("x.bin");
        try {
            AtomicFiles.write(target, o -> {
                o.write(1);
                throw new java.io.IOException("disk full");
            });
        } catch (GenlabException expected) {
            assertThat(expected.getMessage()).contains("cannot write").contains("disk full");
        }
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty();
        }
    }
}
