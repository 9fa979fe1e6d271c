package dev.genlab.server;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelRegistry;
import dev.genlab.modelstore.ModelDirectory;

/**
 * The one model the server keeps loaded; asking for another closes it (freeing its native memory) and loads
 * that one. Used by the worker thread only.
 */
final class ModelSlot implements AutoCloseable {

    private final InstalledModels models;
    private final ModelRegistry registry;
    private final NDManager root;
    private Generator loaded;
    private NDManager manager;
    private String name;

    ModelSlot(InstalledModels models, NDManager root) {
        this.models = models;
        this.registry = models.registry();
        this.root = root;
    }

    /** The installed model of this name, loaded; an unknown name is a 404. */
    synchronized Generator use(String modelName) {
        if (loaded != null && modelName.equals(name)) {
            return loaded;
        }
        ModelDirectory dir = models.find(modelName);
        unload();
        NDManager m = root.newSubManager();
        try {
            loaded = registry.family(dir).load(dir, m);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        manager = m;
        name = modelName;
        return loaded;
    }

    /** The keys of the settings a model's family takes (its `generate` flags: "size", "init", …). */
    java.util.Set<String> optionKeys(Generator g) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        registry.family(g.model()).generateOptions().forEach(o -> keys.add(o.key()));
        return keys;
    }

    /** A manager for work beside the loaded model (an evaluation's classifier), to be closed after it. */
    NDManager newManager() {
        return root.newSubManager();
    }

    /** The installed classifier whose features the quality metrics use; a 422 when there is none. */
    ModelDirectory classifier() {
        ModelDirectory dir = registry.findIfInstalled("classifier");
        if (dir == null) {
            throw ApiError.unprocessable("evaluation needs the classifier model installed (models/classifier)");
        }
        return dir;
    }

    /** The name of the model loaded now, or null. */
    synchronized String loadedName() {
        return name;
    }

    private void unload() {
        if (loaded != null) {
            loaded.close();
            manager.close();
            loaded = null;
            manager = null;
            name = null;
        }
    }

    @Override
    public synchronized void close() {
        unload();
    }
}
