package dev.genlab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A bench child's stderr reaches the user without libtorch's NNPACK notice, progress bars intact. */
class EngineNoiseFilterTest {

    @Test
    void dropsTheNnpackNoticeAndKeepsEverythingElseByteForByte() {
        String in = "[W1203 00:52:37.869414876 NNPACK.cpp:61] Could not initialize NNPACK! Reason: Unsupported "
                + "hardware.\n  [ddpm] loaded in 0.19 s\nbar  10%\rbar  50%\rbar 100%\n"
                + "genlab: a real error about NNPACK.cpp stays\nno newline at the end";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EngineNoiseFilter(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), out).run();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("  [ddpm] loaded in 0.19 s\nbar  10%\rbar  50%\r"
                + "bar 100%\ngenlab: a real error about NNPACK.cpp stays\nno newline at the end");
    }
}
