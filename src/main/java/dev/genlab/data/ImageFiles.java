package dev.genlab.data;

import dev.genlab.core.GenlabException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Reads PNG and JPEG files into {@link Image}s of a requested size and channel count. */
public final class ImageFiles {

    private ImageFiles() {}

    public static boolean hasImageExtension(Path p) {
        String n = p.getFileName().toString().toLowerCase();
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    /** Reads a file as it is (1 channel if it is grayscale, else 3). */
    public static Image read(Path file) {
        BufferedImage img = decode(file);
        boolean gray = img.getColorModel().getNumColorComponents() == 1;
        return fromBuffered(img, gray ? 1 : 3);
    }

    /**
     * Reads a file, converting it to {@code channels} and scaling it (area-averaged) to
     * {@code width × height} when its size differs.
     */
    public static Image read(Path file, int channels, int height, int width) {
        BufferedImage img = decode(file);
        if (img.getWidth() != width || img.getHeight() != height) {
            img = scale(img, width, height);
        }
        return fromBuffered(img, channels);
    }

    /**
     * Reads a file's central square (the longer side's ends cut off equally, as NVIDIA's projector crops its
     * targets), converted to {@code channels} and scaled (area-averaged) to {@code side × side}.
     */
    public static Image readSquare(Path file, int channels, int side) {
        BufferedImage img = decode(file);
        int s = Math.min(img.getWidth(), img.getHeight());
        img = img.getSubimage((img.getWidth() - s) / 2, (img.getHeight() - s) / 2, s, s);
        if (s != side) {
            img = scale(img, side, side);
        }
        return fromBuffered(img, channels);
    }

    /**
     * The most pixels an image may have: 8192 × 8192 (256 MB as floats). A 30000 × 30000 PNG of a few kilobytes
     * would otherwise cost gigabytes and a minute before anything could say no.
     */
    public static final long MAX_PIXELS = 8192L * 8192L;

    private static BufferedImage decode(Path file) {
        if (Files.isDirectory(file)) {
            throw new GenlabException(file + " is a folder, not an image: give a PNG or JPEG file");
        }
        if (!Files.isRegularFile(file)) {
            throw new GenlabException("image not found: " + file);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator()
                    : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new GenlabException(file + " is not a PNG or JPEG image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new GenlabException(file + " is " + reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " pixels, more than genlab reads (" + MAX_PIXELS / 1_000_000 + " megapixels): scale it "
                            + "down first");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof GenlabException g) {
                throw g;
            }
            throw new GenlabException("cannot decode " + file + " as an image (" + e.getMessage()
                    + "); genlab reads PNG and JPEG files");
        }
    }

    private static BufferedImage scale(BufferedImage src, int width, int height) {
        java.awt.Image scaled = src.getScaledInstance(width, height, java.awt.Image.SCALE_AREA_AVERAGING);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(scaled, 0, 0, null);
        g.dispose();
        return out;
    }

    private static Image fromBuffered(BufferedImage img, int channels) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[] px = new float[channels * w * h];
        boolean grayRaster = img.getColorModel().getNumColorComponents() == 1
                && img.getRaster().getNumBands() >= 1 && img.getSampleModel().getSampleSize(0) == 8;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (grayRaster) {
                    float v = img.getRaster().getSample(x, y, 0) / 255f;
                    for (int c = 0; c < channels; c++) {
                        px[c * w * h + i] = v;
                    }
                    continue;
                }
                int rgb = img.getRGB(x, y);
                float r = ((rgb >> 16) & 0xFF) / 255f;
                float g = ((rgb >> 8) & 0xFF) / 255f;
                float b = (rgb & 0xFF) / 255f;
                if (channels == 1) {
                    // ITU-R BT.601 luma, as PIL's convert("L") does.
                    px[i] = (float) (0.299 * r + 0.587 * g + 0.114 * b);
                } else {
                    px[i] = r;
                    px[w * h + i] = g;
                    px[2 * w * h + i] = b;
                }
            }
        }
        return new Image(channels, h, w, px);
    }
}
