package dev.genlab.data.png;

import java.nio.charset.StandardCharsets;

/** One PNG chunk: a four-letter type and its data. */
public record PngChunk(String type, byte[] data) {

    public PngChunk {
        if (type.length() != 4) {
            throw new IllegalArgumentException("chunk type must be 4 letters: " + type);
        }
    }

    public static final String TEXT = "tEXt";
    public static final String ITXT = "iTXt";

    /** A {@code tEXt} chunk (Latin-1); use {@link #itxt} for text that Latin-1 cannot hold. */
    public static PngChunk text(String keyword, String text) {
        byte[] k = keyword.getBytes(StandardCharsets.ISO_8859_1);
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] d = new byte[k.length + 1 + t.length];
        System.arraycopy(k, 0, d, 0, k.length);
        System.arraycopy(t, 0, d, k.length + 1, t.length);
        return new PngChunk(TEXT, d);
    }

    /** An uncompressed {@code iTXt} chunk holding UTF-8 text, with no language tag. */
    public static PngChunk itxt(String keyword, String text) {
        byte[] k = keyword.getBytes(StandardCharsets.ISO_8859_1);
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        // keyword \0, compression flag 0, method 0, empty language tag \0, empty translated keyword \0, text
        byte[] d = new byte[k.length + 5 + t.length];
        System.arraycopy(k, 0, d, 0, k.length);
        System.arraycopy(t, 0, d, k.length + 5, t.length);
        return new PngChunk(ITXT, d);
    }

    /** {@code tEXt} when Latin-1 can hold the text (what A1111's readers expect), else {@code iTXt}. */
    public static PngChunk textOrItxt(String keyword, String text) {
        return StandardCharsets.ISO_8859_1.newEncoder().canEncode(text) ? text(keyword, text) : itxt(keyword, text);
    }
}
