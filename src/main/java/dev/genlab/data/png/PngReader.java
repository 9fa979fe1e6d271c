package dev.genlab.data.png;

import dev.genlab.core.GenlabException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Reads a PNG's chunk list, checking every CRC, and decodes its text chunks. */
public final class PngReader {

    private PngReader() {}

    /** The chunks of a PNG file, in order. */
    public static List<PngChunk> chunks(byte[] png, String name) {
        if (png.length < 8 || !Arrays.equals(Arrays.copyOf(png, 8), PngWriter.SIGNATURE)) {
            throw new GenlabException(name + " is not a PNG file (its signature is missing)");
        }
        ByteBuffer b = ByteBuffer.wrap(png);
        b.position(8);
        List<PngChunk> chunks = new ArrayList<>();
        while (b.remaining() > 0) {
            if (b.remaining() < 12) {
                throw new GenlabException(name + " is truncated: " + b.remaining() + " stray bytes after the last chunk");
            }
            int length = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            if (length < 0 || length > b.remaining() - 4) {
                throw new GenlabException(name + " is truncated inside chunk " + shown(type));
            }
            byte[] data = new byte[length];
            b.get(data);
            int stored = b.getInt();
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(data);
            if ((int) crc.getValue() != stored) {
                throw new GenlabException(name + " is damaged: CRC mismatch in chunk " + shown(type));
            }
            chunks.add(new PngChunk(ascii(type), data));
            if (ascii(type).equals("IEND")) {
                break;
            }
        }
        if (chunks.isEmpty() || !chunks.get(0).type().equals("IHDR") || chunks.get(0).data().length != 13) {
            throw new GenlabException(name + " is not a complete PNG: it does not start with an image header (IHDR)");
        }
        return chunks;
    }

    /** Keyword → text of all tEXt, iTXt and zTXt chunks. */
    public static Map<String, String> texts(byte[] png, String name) {
        Map<String, String> out = new LinkedHashMap<>();
        for (PngChunk c : chunks(png, name)) {
            try {
                readText(c, name, out);
            } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
                throw new GenlabException(name + " has a malformed " + shown(c.type().getBytes(
                        java.nio.charset.StandardCharsets.ISO_8859_1)) + " chunk (no keyword or separator)");
            }
        }
        return out;
    }

    private static void readText(PngChunk c, String name, Map<String, String> out) {
        switch (c.type()) {
            case "tEXt" -> {
                int z = indexOfZero(c.data(), 0);
                out.put(latin1(c.data(), 0, z), latin1(c.data(), z + 1, c.data().length));
            }
            case "zTXt" -> {
                int z = indexOfZero(c.data(), 0);
                out.put(latin1(c.data(), 0, z), new String(inflate(c.data(), z + 2, name),
                        StandardCharsets.ISO_8859_1));
            }
            case "iTXt" -> {
                byte[] d = c.data();
                int z = indexOfZero(d, 0);
                boolean compressed = d[z + 1] != 0;
                int lang = indexOfZero(d, z + 3);
                int translated = indexOfZero(d, lang + 1);
                byte[] text = compressed ? inflate(d, translated + 1, name)
                        : Arrays.copyOfRange(d, translated + 1, d.length);
                out.put(latin1(d, 0, z), new String(text, StandardCharsets.UTF_8));
            }
            default -> { }
        }
    }

    private static int indexOfZero(byte[] d, int from) {
        for (int i = from; i < d.length; i++) {
            if (d[i] == 0) {
                return i;
            }
        }
        throw new GenlabException("malformed PNG text chunk (no keyword terminator)");
    }

    private static String latin1(byte[] d, int from, int to) {
        return new String(d, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** A chunk type for a message: a damaged one may hold any byte, newlines included. */
    private static String shown(byte[] type) {
        return dev.genlab.core.Printable.of(new String(type, java.nio.charset.StandardCharsets.ISO_8859_1), 8);
    }

    private static String ascii(byte[] t) {
        return new String(t, StandardCharsets.US_ASCII);
    }

    private static byte[] inflate(byte[] d, int from, String name) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(d, from, d.length - from);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new GenlabException(name + " has a damaged compressed text chunk");
        } finally {
            inf.end();
        }
    }
}
