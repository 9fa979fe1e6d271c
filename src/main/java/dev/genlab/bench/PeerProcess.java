package dev.genlab.bench;

import dev.genlab.core.GenlabException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A PyTorch-Python reference implementation of a model (tools/peers/FAMILY.py) kept running, so that
 * bench can time it interleaved with genlab: one genlab run, one peer run, and so on, under the same
 * load and with the same thread count.
 */
final class PeerProcess implements AutoCloseable {

    static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final PrintWriter in;
    private final BufferedReader out;

    private PeerProcess(Process process) {
        this.process = process;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static PeerProcess start(Path script, Path modelDir, int threads) {
        try {
            Process p = new ProcessBuilder(PYTHON, script.toString(), "--model", modelDir.toString(), "--serve",
                    "--threads", String.valueOf(threads)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            PeerProcess peer = new PeerProcess(p);
            String ready = peer.out.readLine();
            if (!"ready".equals(ready)) {
                throw new GenlabException("peer " + script + " did not start (said: " + ready + ")");
            }
            return peer;
        } catch (IOException e) {
            throw new GenlabException("cannot start peer " + script + ": " + e.getMessage());
        }
    }

    /** Seconds the peer took to generate {@code batch} images from {@code firstSeed} on. */
    double time(int batch, long firstSeed) {
        in.println(batch + " " + firstSeed);
        try {
            String line = out.readLine();
            if (line == null) {
                throw new GenlabException("peer process ended unexpectedly");
            }
            return Double.parseDouble(line.trim());
        } catch (IOException e) {
            throw new GenlabException("peer process failed: " + e.getMessage());
        }
    }

    /** Runs the peer once to write images for seeds to an .npy file. */
    static void images(Path script, Path modelDir, long first, int count, Path npy) {
        try {
            Process p = new ProcessBuilder(List.of(PYTHON, script.toString(), "--model", modelDir.toString(), "--seeds",
                    String.valueOf(first), String.valueOf(count), "--out", npy.toString()))
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new GenlabException("peer " + script + " failed: " + log.strip().lines().reduce((a, b) -> b).orElse(""));
            }
        } catch (IOException e) {
            throw new GenlabException("cannot run peer " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenlabException("interrupted");
        }
    }

    @Override
    public void close() {
        in.close();
        process.destroy();
    }
}
