package dev.genlab.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies a child process's stderr to ours, dropping the lines libtorch prints about itself that say nothing
 * to the user ("Could not initialize NNPACK! Reason: Unsupported hardware", once per process on CPUs without
 * NNPACK's instructions). A carriage return ends a line too, so progress bars keep moving as they are drawn.
 */
final class EngineNoiseFilter implements Runnable {

    private final InputStream in;
    private final OutputStream out;

    EngineNoiseFilter(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** Whether a line is libtorch talking about its own set-up. */
    static boolean isNoise(String line) {
        return line.contains("NNPACK.cpp") && line.contains("Could not initialize NNPACK");
    }

    /** Starts copying on a daemon thread; join it after the process ends to get its last line. */
    static Thread start(InputStream in, OutputStream out) {
        Thread t = new Thread(new EngineNoiseFilter(in, out), "child-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void run() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                line.write(b);
                if (b == '\n' || b == '\r') {
                    emit(line);
                }
            }
            emit(line);
        } catch (IOException e) {
            // the child is gone; what it printed so far has been passed on
        }
    }

    private void emit(ByteArrayOutputStream line) throws IOException {
        if (line.size() > 0 && !isNoise(line.toString(StandardCharsets.UTF_8))) {
            out.write(line.toByteArray());
            out.flush();
        }
        line.reset();
    }
}
