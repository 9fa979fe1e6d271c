package dev.genlab.bench;

import dev.genlab.core.GenlabException;
import dev.genlab.modelstore.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a {@link BenchWorker} in a fresh JVM with the same class path and engine flags as this one. */
final class ChildProcess {

    private ChildProcess() {}

    static WorkerResult run(WorkerRequest request, Path workDir, String heap) {
        try {
            Files.createDirectories(workDir);
            Path req = Files.createTempFile(workDir, "request-", ".json");
            Path res = Files.createTempFile(workDir, "result-", ".json");
            ModelDirectory.JSON.writeValue(req.toFile(), request);
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "-Dai.djl.offline=true",
                    "-Dai.djl.pytorch.graph_optimizer=false", "-cp", System.getProperty("java.class.path"),
                    BenchWorker.class.getName(), req.toString(), res.toString()));
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            Thread stderr = EngineNoiseFilter.start(p.getErrorStream(), System.err);
            int exit = p.waitFor();
            stderr.join(5000);
            if (exit != 0) {
                Path error = Path.of(res + BenchWorker.ERROR_SUFFIX);
                String why = Files.isRegularFile(error) ? Files.readString(error) : "its process ended with exit " + exit
                        + " (killed, or out of native memory)";
                Files.deleteIfExists(error);
                Files.deleteIfExists(req);
                Files.deleteIfExists(res);
                throw new GenlabException(why);
            }
            WorkerResult r = ModelDirectory.JSON.readValue(res.toFile(), WorkerResult.class);
            Files.deleteIfExists(req);
            Files.deleteIfExists(res);
            return r;
        } catch (IOException e) {
            throw new GenlabException("cannot run the bench child process: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenlabException("bench was interrupted");
        }
    }
}
