package dev.genlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.core.GenlabException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images that are not what they claim: a folder, a huge size in a tiny file; and class folders with nothing in. */
class ImageFilesTest {

    @TempDir
    Path dir;

    /** A PNG whose header claims a size; its pixel data is a few bytes (reading it would fail later). */
    static byte[] pngClaiming(int width, int height) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 0, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    static void chunk(DataOutputStream out, String type, byte[] data) throws Exception {
        out.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    @Test
    void aHugeClaimedSizeIsRefusedBeforeDecodingAndAFolderIsNamedAsOne() throws Exception {
        Path huge = dir.resolve("huge.png");
        Files.write(huge, pngClaiming(30000, 30000));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ImageFiles.read(huge)).isInstanceOf(GenlabException.class)
                .hasMessageContaining("30000x30000").hasMessageContaining("megapixels");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10); // refused, not decoded (66 s before)
        assertThatThrownBy(() -> ImageFiles.read(dir)).isInstanceOf(GenlabException.class)
                .hasMessageContaining("is a folder");
    }

    @Test
    void anEmptyClassFolderIsNoClass() throws Exception {
        Path data = dir.resolve("data");
        for (String cls : new String[] {"bag", "shoe"}) {
            Files.createDirectories(data.resolve(cls));
            for (int i = 0; i < 3; i++) {
                var img = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
                img.getRaster().setSample(i, i, 0, 200);
                javax.imageio.ImageIO.write(img, "png", data.resolve(cls).resolve(i + ".png").toFile());
            }
        }
        Files.createDirectories(data.resolve("empty"));
        Files.createDirectories(data.resolve("nested/also-empty"));
        assertThat(Datasets.load(data, 1, 28, 28).train().classNames()).containsExactly("bag", "shoe");
    }
}
