package dev.genlab.data.png;

import dev.genlab.data.Image;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Encodes 8-bit grayscale or RGB PNGs with extra chunks. Written by hand rather than through ImageIO so
 * that the bytes depend only on the pixels and the text: same image and parameters, same file.
 */
public final class PngWriter {

    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int FILTER_SUB = 1;

    private PngWriter() {}

    public static byte[] encode(Image image, List<PngChunk> textChunks) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(SIGNATURE);
            writeChunk(out, "IHDR", header(image));
            for (PngChunk c : textChunks) {
                writeChunk(out, c.type(), c.data());
            }
            writeChunk(out, "IDAT", compress(scanlines(image)));
            writeChunk(out, "IEND", new byte[0]);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
    }

    private static byte[] header(Image image) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(image.width());
        d.writeInt(image.height());
        d.writeByte(8); // bit depth
        d.writeByte(image.channels() == 1 ? 0 : 2); // colour type: gray or RGB
        d.writeByte(0); // compression: deflate
        d.writeByte(0); // filter method 0
        d.writeByte(0); // no interlace
        return b.toByteArray();
    }

    /** Each row prefixed with filter type Sub, which compresses smooth images well at no cost. */
    private static byte[] scanlines(Image image) {
        byte[] px = image.toInterleavedBytes();
        int stride = image.width() * image.channels();
        int bpp = image.channels();
        byte[] raw = new byte[image.height() * (stride + 1)];
        for (int y = 0; y < image.height(); y++) {
            int o = y * (stride + 1);
            raw[o] = FILTER_SUB;
            for (int i = 0; i < stride; i++) {
                int left = i >= bpp ? px[y * stride + i - bpp] : 0;
                raw[o + 1 + i] = (byte) (px[y * stride + i] - left);
            }
        }
        return raw;
    }

    private static byte[] compress(byte[] raw) {
        Deflater deflater = new Deflater(9);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                int n = deflater.deflate(buf);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void writeChunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
