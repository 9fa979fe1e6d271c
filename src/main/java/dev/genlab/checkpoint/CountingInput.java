package dev.genlab.checkpoint;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A buffered file stream that knows its position: where a pickled bytes object's payload starts. */
final class CountingInput extends FilterInputStream {

    private long position;

    CountingInput(InputStream in) {
        super(new BufferedInputStream(in, 1 << 16));
    }

    long position() {
        return position;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            position++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        position += skipped;
        return skipped;
    }

    /** Skips exactly {@code n} bytes, or fails at the end of the file. */
    void skipExactly(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = skip(left);
            if (s <= 0) {
                if (read() < 0) {
                    throw new IOException("premature end of file");
                }
                s = 1;
            }
            left -= s;
        }
    }
}
