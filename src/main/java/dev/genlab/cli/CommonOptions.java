package dev.genlab.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.genlab.catalog.Catalog;
import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import dev.genlab.model.ModelRegistry;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that runs a network shares: where the models are, which device, how many threads. */
public final class CommonOptions {

    @Option(names = "--models-dir", paramLabel = "DIR",
            description = "Folder of installed models (default: models/ beside the genlab launcher, or $GENLAB_MODELS).")
    Path modelsDir;

    @Option(names = "--device", paramLabel = "cpu|cuda", defaultValue = "cpu",
            description = "Where networks run (default: ${DEFAULT-VALUE}). cuda needs the build's cuda profile.")
    String device;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the native engine (default: one per core). Results are reproducible for a "
                    + "fixed thread count.")
    Integer threads;

    ModelRegistry registry() {
        return Catalog.registry(modelsDir);
    }

    /** Starts the engine with the chosen threads on the chosen device. */
    NDManager newManager() {
        if (threads != null) {
            if (threads < 1 || threads > 1024) {
                throw new UsageException("--threads must be between 1 and 1024, got " + threads);
            }
            // Read by DJL's PyTorch engine when it starts, so it must be set before first use.
            System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        Device d = switch (device) {
            case "cpu" -> Device.cpu();
            case "cuda", "gpu" -> Device.gpu();
            default -> throw new UsageException("--device must be cpu or cuda, got '" + device + "'");
        };
        Engine engine;
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new GenlabException("cannot start the PyTorch engine: " + e.getMessage()
                    + " (run ./genlab from the repository so the native library is on the class path)");
        }
        if (d.isGpu() && engine.getGpuCount() == 0) {
            throw new UsageException("--device cuda: no CUDA GPU is visible (build with `./mvnw -Pcuda package` "
                    + "on a machine with one, or use --device cpu)");
        }
        return engine.newBaseManager(d);
    }

    int threadCount() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }
}
