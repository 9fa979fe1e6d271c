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
    final InstalledModels models;

    ServerState(ServerSettings settings, InstalledModels models, JobQueue queue, RunDatabase db) {
        this.settings = settings;
        this.models = models;
        this.registry = models.registry();
        this.queue = queue;
        this.db = db;
        this.model = new AtomicReference<>(settings.defaultModel());
    }

    /** Reads the models folder again (A1111's refresh-checkpoints). */
    void rescan() {
        models.rescan();
    }

    /** The installed models' names, in the folder's order. */
    java.util.List<String> names() {
        return models.names();
    }

    /** The model requests without one use (A1111's sd_model_checkpoint). */
    String model() {
        return model.get();
    }

    void chooseModel(String name) {
        installed(name);
        model.set(name);
    }

    /** An installed model's folder; a 404 naming the installed ones otherwise. */
    ModelDirectory installed(String name) {
        return models.find(name);
    }

    /** The SHA-256 of a model's weights, computed once (a user's checkpoint is gigabytes). */
    String sha256(ModelDirectory dir) {
        return hashes.computeIfAbsent(dir.name() + "\u0000" + dir.path(), k -> dir.weightsSha256());
    }
}
