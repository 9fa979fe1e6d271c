package dev.genlab;

import java.util.SplittableRandom;

/** Damaged copies of a file's bytes for robustness tests: bits flipped, bytes overwritten, deleted, duplicated. */
public final class Damage {

    private Damage() {}

    /** One to four changes in the pickle's header region (where the structure is), some anywhere. */
    public static byte[] of(byte[] in, SplittableRandom r) {
        byte[] out = in.clone();
        int changes = 1 + r.nextInt(4);
        for (int i = 0; i < changes; i++) {
            int at = r.nextInt(r.nextBoolean() ? Math.min(out.length, 4096) : out.length);
            switch (r.nextInt(4)) {
                case 0 -> out[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> out[at] = (byte) r.nextInt(256);
                case 2 -> {
                    byte[] shorter = new byte[out.length - 1];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                    out = shorter;
                }
                default -> {
                    int n = Math.min(1 + r.nextInt(16), out.length - at);
                    byte[] longer = new byte[out.length + n];
                    System.arraycopy(out, 0, longer, 0, at + n);
                    System.arraycopy(out, at, longer, at + n, out.length - at);
                    out = longer;
                }
            }
        }
        return out;
    }
}
