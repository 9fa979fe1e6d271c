package dev.genlab.model.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.core.UsageException;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class VaeTilesTest {

    @Test
    void tilesCoverEachAxisOverlappingAndEndFlushWithTheEdge() {
        int[][] cases = {{64, 64, 16}, {65, 64, 16}, {100, 64, 16}, {256, 64, 16}, {257, 48, 12}, {9, 8, 1}, {30, 8,
            7}};
        for (int[] c : cases) {
            int size = c[0];
            int tile = c[1];
            int overlap = c[2];
            int[] starts = VaeTiles.starts(size, Math.min(tile, size), overlap);
            assertThat(starts[0]).isZero();
            assertThat(starts[starts.length - 1] + Math.min(tile, size)).as("last tile of %s", size).isEqualTo(size);
            for (int i = 1; i < starts.length; i++) {
                // each tile starts inside the one before, sharing at least the overlap
                assertThat(starts[i] - starts[i - 1]).isBetween(1, tile - overlap);
            }
        }
        assertThat(VaeTiles.starts(40, 40, 10)).containsExactly(0);
        assertThat(new VaeTiles(40, 60, 64, 16).single()).isTrue();
        assertThat(new VaeTiles(40, 70, 64, 16).tiles()).hasSize(2);
    }

    /** A smooth field over the blend's grid at scale f: what every tile would give if tiles agreed. */
    private static float field(int c, int y, int x) {
        return (float) (Math.sin(0.07 * y + c) + Math.cos(0.05 * x - 2 * c) + 0.01 * x * y / 100);
    }

    @Test
    void tilesThatAgreeBlendIntoTheWholeAtEveryScale() {
        int[][] cases = {{50, 70, 16, 4, 1}, {13, 9, 8, 2, 8}, {24, 40, 16, 4, 8}, {31, 31, 10, 9, 2}};
        for (int[] c : cases) {
            int h = c[0];
            int w = c[1];
            int f = c[4];
            VaeTiles tiles = new VaeTiles(h, w, c[2], c[3]);
            int channels = 3;
            float[] out = tiles.blend(channels, f, t -> {
                int th = t.height() * f;
                int tw = t.width() * f;
                float[] v = new float[channels * th * tw];
                for (int ch = 0; ch < channels; ch++) {
                    for (int y = 0; y < th; y++) {
                        for (int x = 0; x < tw; x++) {
                            v[(ch * th + y) * tw + x] = field(ch, t.y() * f + y, t.x() * f + x);
                        }
                    }
                }
                return v;
            });
            assertThat(out).hasSize(channels * h * f * w * f);
            for (int ch = 0; ch < channels; ch++) {
                for (int y = 0; y < h * f; y++) {
                    for (int x = 0; x < w * f; x++) {
                        assertThat(out[(ch * h * f + y) * w * f + x]).as("channel %d at (%d, %d) of %s", ch, y, x,
                                List.of(h, w, f)).isCloseTo(field(ch, y, x), Offset.offset(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void tilesThatDisagreeMeetInARampNotASeam() {
        // two tiles side by side sharing 8 columns, each a constant: 0 on the left, 1 on the right
        VaeTiles tiles = new VaeTiles(4, 24, 16, 8);
        assertThat(tiles.tiles()).extracting(VaeTiles.Tile::x).containsExactly(0, 8);
        float[] out = tiles.blend(1, 1, t -> {
            float[] v = new float[t.height() * t.width()];
            java.util.Arrays.fill(v, t.x() == 0 ? 0f : 1f);
            return v;
        });
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 24; x++) {
                float v = out[y * 24 + x];
                if (x < 8) {
                    assertThat(v).isZero();
                } else if (x >= 16) {
                    assertThat(v).isEqualTo(1f);
                } else {
                    // across the shared columns the value rises evenly, by one eighth a column
                    assertThat(v).isCloseTo((x - 8 + 0.5f) / 8, Offset.offset(1e-6f));
                }
            }
        }
    }

    @Test
    void theTileSizeIsCheckedWithAOneLineFix() {
        assertThat(VaeTiles.pixels("512")).isEqualTo(512);
        assertThat(VaeTiles.pixels("0")).isZero();
        for (String bad : new String[] {"60", "100", "-8", "big", "32"}) {
            assertThatThrownBy(() -> VaeTiles.pixels(bad)).isInstanceOf(UsageException.class)
                    .hasMessageContaining("--tile").hasMessageContaining("multiple of 8").hasMessageContaining(bad);
        }
    }
}
