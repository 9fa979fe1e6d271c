package dev.genlab.server;

import dev.genlab.model.ModelRegistry;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.runs.RunDatabase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** What the routes share: the settings, the installed models, the queue, the run database and the chosen model. */
final class ServerState {

    final ServerSettings settings;
    final ModelRegistry registry;
    final JobQueue queue;
    final RunDatabase db;
    private final AtomicReference<String> model;
    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    /** The installed models by name, read once: listing the folder reads every config (ms a request). */
    private volatile Map<String, ModelDirectory> models = Map.of();

    ServerState(ServerSettings settings, ModelRegistry registry, JobQueue queue, RunDatabase db) {
        this.settings = settings;
        this.registry = registry;
        this.queue = queue;
        this.db = db;
        this.model = new AtomicReference<>(settings.defaultModel());
        rescan();
    }

    /** Reads the models folder again (A1111's refresh-checkpoints; a name not seen yet). */
    synchronized void rescan() {
        Map<String, ModelDirectory> found = new java.util.LinkedHashMap<>();
        for (String name : registry.names()) {
            found.put(name, registry.findIfInstalled(name));
        }
        models = found;
    }

    /** The installed models' names, in the folder's order. */
    java.util.List<String> names() {
        return java.util.List.copyOf(models.keySet());
    }

    /** The model requests without one use (A1111's sd_model_checkpoint). */
    String model() {
        return model.get();
    }

    void chooseModel(String name) {
        installed(name);
        model.set(name);
    }

    /** An installed model's folder (one installed since start is found too); a 404 naming them otherwise. */
    ModelDirectory installed(String name) {
        ModelDirectory dir = models.get(name);
        if (dir == null) {
            rescan();
            dir = models.get(name);
        }
        if (dir == null) {
            throw ApiError.notFound("unknown model '" + dev.genlab.core.Printable.of(name, 64) + "'; installed: "
                    + String.join(", ", names()));
        }
        return dir;
    }

    /** The SHA-256 of a model's weights, computed once (a user's checkpoint is gigabytes). */
    String sha256(ModelDirectory dir) {
        return hashes.computeIfAbsent(dir.name() + "\u0000" + dir.path(), k -> dir.weightsSha256());
    }
}
