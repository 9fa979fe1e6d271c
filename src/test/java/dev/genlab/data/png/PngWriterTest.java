package dev.genlab.data.png;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.core.GenlabException;
import dev.genlab.data.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngWriterTest {

    private static Image gradient(int channels) {
        int h = 5;
        int w = 7;
        float[] px = new float[channels * h * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i * 37 % 256) / 255f;
        }
        return new Image(channels, h, w, px);
    }

    @Test
    void decodesToTheSamePixelsInAnIndependentDecoder() throws Exception {
        for (int c : new int[] {1, 3}) {
            Image img = gradient(c);
            byte[] png = PngWriter.encode(img, List.of());
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(decoded.getWidth()).isEqualTo(7);
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 7; x++) {
                    int i = y * 7 + x;
                    int expected = c == 1 ? Image.toByte(img.pixels()[i])
                            : Image.toByte(img.pixels()[2 * 35 + i]); // blue channel
                    int actual = c == 1 ? decoded.getRaster().getSample(x, y, 0) : decoded.getRGB(x, y) & 0xFF;
                    assertThat(actual).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void textChunksRoundTripWithValidCrcs() {
        String params = "Steps: 1, Seed: 42";
        String json = "{\"prompt\": \"a \u00e9t\u00e9 \u2603\"}";
        byte[] png = PngWriter.encode(gradient(1), List.of(PngChunk.textOrItxt("parameters", params),
                PngChunk.itxt("genlab", json)));
        List<PngChunk> chunks = PngReader.chunks(png, "t.png"); // checks every CRC
        assertThat(chunks).extracting(PngChunk::type).containsExactly("IHDR", "tEXt", "iTXt", "IDAT", "IEND");
        Map<String, String> texts = PngReader.texts(png, "t.png");
        assertThat(texts).containsEntry("parameters", params).containsEntry("genlab", json);
    }

    @Test
    void sameInputGivesSameBytes() {
        List<PngChunk> chunks = List.of(PngChunk.text("parameters", "Seed: 1"));
        assertThat(PngWriter.encode(gradient(3), chunks)).isEqualTo(PngWriter.encode(gradient(3), chunks));
    }

    @Test
    void aDamagedChunkIsDetected() {
        byte[] png = PngWriter.encode(gradient(1), List.of(PngChunk.text("parameters", "Seed: 1")));
        png[45] ^= 0x01; // inside the tEXt chunk's data
        assertThatThrownBy(() -> PngReader.chunks(png, "x.png")).isInstanceOf(GenlabException.class)
                .hasMessageContaining("CRC mismatch");
    }

    @Test
    void gridScalesSmallImagesByAnIntegerFactor() {
        Image g = ImageGrid.of(List.of(gradient(1), gradient(1), gradient(1)));
        // 7-wide images scale by 16 (to >= 112 px); 2 columns with 2-px gaps
        assertThat(g.width()).isEqualTo(2 * 7 * 16 + 3 * 2);
        assertThat(g.height()).isEqualTo(2 * 5 * 16 + 3 * 2);
    }
}
