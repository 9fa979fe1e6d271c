package dev.genlab.bench;

import dev.genlab.modelstore.ModelDirectory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the PyTorch-Python peer of a model and summarises the comparison. */
final class Peers {

    /** The two implementations agree when no pixel differs by more than this. */
    static final double TOLERANCE = 1e-4;

    private Peers() {}

    /** tools/peers/FAMILY.py beside the launcher, if it exists and Python has torch; else null, with a note. */
    static Path script(ModelDirectory m, PrintStream log) {
        Path home = Path.of(System.getProperty("genlab.home", "."));
        Path script = home.resolve("tools/peers").resolve(m.manifest().family() + ".py");
        if (!Files.isRegularFile(script)) {
            log.println("  no peer for family " + m.manifest().family() + " (" + script + ")");
            return null;
        }
        try {
            Process p = new ProcessBuilder(PeerProcess.PYTHON, "-c", "import torch, numpy").redirectErrorStream(true)
                    .start();
            if (p.waitFor() != 0) {
                log.println("  peers need Debian's python3-torch (sudo apt-get install python3-torch); skipped");
                return null;
            }
        } catch (Exception e) {
            log.println("  peers need " + PeerProcess.PYTHON + " with torch; skipped");
            return null;
        }
        return script.toAbsolutePath();
    }

    static BenchResults.PeerComparison compare(WorkerResult.Peer p) {
        if (p == null) {
            return null;
        }
        double g = Summary.of(p.genlabLatency().stream().mapToDouble(Double::doubleValue).toArray()).median();
        double q = Summary.of(p.peerLatency().stream().mapToDouble(Double::doubleValue).toArray()).median();
        return new BenchResults.PeerComparison(p.maxAbsDiff(), p.maxAbsDiff() <= TOLERANCE, g, q, g / q, p.batch(),
                p.genlabImagesPerSecond(), p.peerImagesPerSecond(), p.peerImagesPerSecond() / p.genlabImagesPerSecond());
    }
}
