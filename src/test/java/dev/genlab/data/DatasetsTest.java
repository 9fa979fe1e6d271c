package dev.genlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.TestData;
import dev.genlab.core.GenlabException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir
    Path dir;

    @Test
    void loadsIdxFolderWithFashionMnistClassNames() throws Exception {
        Splits s = Datasets.load(TestData.fashionLike(dir, 30, 10), 1, 28, 28);
        assertThat(s.train().size()).isEqualTo(30);
        assertThat(s.test().size()).isEqualTo(10);
        assertThat(s.train().classNames()).startsWith("t-shirt-top", "trouser").endsWith("ankle-boot");
        assertThat(s.train().labels()[3]).isEqualTo(3);
        float[] px = s.train().image(0).pixels();
        for (float v : px) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void loadsImageFolderWithClassSubfolders() throws Exception {
        for (String cls : new String[] {"cats", "dogs"}) {
            Files.createDirectories(dir.resolve(cls));
            for (int i = 0; i < 10; i++) {
                BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
                img.setRGB(i, i, 0xFF0000);
                ImageIO.write(img, "png", dir.resolve(cls).resolve(i + ".png").toFile());
            }
        }
        Splits s = Datasets.load(dir, 1, 28, 28);
        assertThat(s.train().classNames()).containsExactly("cats", "dogs");
        assertThat(s.train().size() + s.test().size()).isEqualTo(20);
        assertThat(s.test().size()).isEqualTo(2);
        assertThat(s.train().width()).isEqualTo(28);
    }

    @Test
    void missingFolderSaysWhatToDo() {
        assertThatThrownBy(() -> Datasets.load(dir.resolve("nope"), 1, 28, 28)).isInstanceOf(GenlabException.class)
                .hasMessageContaining("not found").hasMessageContaining("apt-get install dataset-fashion-mnist");
    }

    @Test
    void aFolderWithoutImagesIsAClearError() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> Datasets.load(dir, 1, 28, 28)).isInstanceOf(GenlabException.class)
                .hasMessageContaining("no PNG or JPEG images");
    }

    @Test
    void aNonImageFileIsAClearError() throws Exception {
        Path fake = dir.resolve("fake.png");
        Files.writeString(fake, "not an image");
        assertThatThrownBy(() -> ImageFiles.read(fake)).isInstanceOf(GenlabException.class)
                .hasMessageContaining("fake.png");
    }
}
