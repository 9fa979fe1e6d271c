package dev.genlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.TestData;
import dev.genlab.core.GenlabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {

    @TempDir
    Path dir;

    @Test
    void readsPlainAndGzippedFilesAlike() throws Exception {
        byte[] data = {1, 2, 3, 4, 5, 6};
        byte[] raw = TestData.idx(new int[] {3, 2}, data);
        Files.write(dir.resolve("a"), raw);
        Files.write(dir.resolve("a.gz"), TestData.gzip(raw));
        IdxFile plain = IdxFile.read(dir.resolve("a"));
        IdxFile gz = IdxFile.read(dir.resolve("a.gz"));
        assertThat(plain.dims()).containsExactly(3, 2);
        assertThat(plain.data()).containsExactly(data);
        assertThat(gz.data()).containsExactly(data);
    }

    @Test
    void rejectsBadMagic() throws Exception {
        byte[] raw = TestData.idx(new int[] {2}, new byte[] {1, 2});
        raw[0] = 7;
        Files.write(dir.resolve("bad"), raw);
        assertThatThrownBy(() -> IdxFile.read(dir.resolve("bad"))).isInstanceOf(GenlabException.class)
                .hasMessageContaining("bad magic").hasMessageContaining(dir.resolve("bad").toString());
    }

    @Test
    void rejectsCountsThatDoNotMatchTheLength() throws Exception {
        byte[] raw = TestData.idx(new int[] {10, 28, 28}, new byte[100]);
        Files.write(dir.resolve("short"), raw);
        assertThatThrownBy(() -> IdxFile.read(dir.resolve("short"))).isInstanceOf(GenlabException.class)
                .hasMessageContaining("7840 values");
    }

    @Test
    void rejectsDamagedGzip() throws Exception {
        byte[] gz = TestData.gzip(TestData.idx(new int[] {100}, new byte[100]));
        Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxFile.read(dir.resolve("cut.gz"))).isInstanceOf(GenlabException.class)
                .hasMessageContaining("corrupt IDX");
    }

    @Test
    void rejectsUnsupportedTypesAndEmptyFiles() throws Exception {
        byte[] raw = TestData.idx(new int[] {1}, new byte[4]);
        raw[2] = 0x0D; // float
        Files.write(dir.resolve("float"), raw);
        Files.write(dir.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> IdxFile.read(dir.resolve("float"))).hasMessageContaining("not supported");
        assertThatThrownBy(() -> IdxFile.read(dir.resolve("empty"))).hasMessageContaining("shorter than");
    }
}
