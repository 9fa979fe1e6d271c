package dev.genlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageTest {

    @Test
    void downscalingAveragesEachBlockPerChannel() {
        float[] px = new float[2 * 4 * 5];
        for (int i = 0; i < px.length; i++) {
            px[i] = i;
        }
        Image small = new Image(1, 4, 5, java.util.Arrays.copyOf(px, 20)).downscaled(2);
        assertThat(small.height()).isEqualTo(2);
        assertThat(small.width()).as("the fifth column does not fill a block").isEqualTo(2);
        // block (0,0) holds 0, 1, 5, 6
        assertThat(small.pixels()).containsExactly(3f, 5f, 13f, 15f);
        float[] rgb = new float[3 * 2 * 2];
        java.util.Arrays.fill(rgb, 8, 12, 1f);
        assertThat(new Image(3, 2, 2, rgb).downscaled(2).pixels()).containsExactly(0f, 0f, 1f);
        assertThatThrownBy(() -> small.downscaled(3)).hasMessageContaining("between 1 and 2");
    }
}
