package dev.genlab.text.clip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * GPT-2's reversible map of bytes to printable characters, which CLIP's BPE works on: printable Latin-1 bytes
 * stand for themselves, the others for code points from 256 up, in byte order.
 */
final class ByteLevel {

    private static final char[] CHARS = new char[256];
    private static final List<String> ALPHABET = new ArrayList<>();

    static {
        boolean[] printable = new boolean[256];
        for (int b = 0; b < 256; b++) {
            printable[b] = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        }
        for (int b = 0; b < 256; b++) {
            if (printable[b]) {
                CHARS[b] = (char) b;
                ALPHABET.add(String.valueOf((char) b));
            }
        }
        int next = 256;
        for (int b = 0; b < 256; b++) {
            if (!printable[b]) {
                CHARS[b] = (char) next++;
                ALPHABET.add(String.valueOf(CHARS[b]));
            }
        }
    }

    private ByteLevel() {}

    /** The 256 characters in CLIP's vocabulary order (printable bytes first, then the rest). */
    static List<String> alphabet() {
        return ALPHABET;
    }

    /** A piece of text as the characters of its UTF-8 bytes. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            sb.append(CHARS[b & 0xFF]);
        }
        return sb.toString();
    }
}
