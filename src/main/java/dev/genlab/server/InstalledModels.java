package dev.genlab.server;

import dev.genlab.model.ModelRegistry;
import dev.genlab.modelstore.ModelDirectory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The installed models by name, read once (listing the folder reads every config: milliseconds a request) and
 * again when a name is not known yet or a client asks to refresh. A request names a model by registry name only,
 * never by a path: it must not load files from anywhere.
 */
final class InstalledModels {

    private static final List<String> CHECKPOINT_EXTENSIONS = List.of(".safetensors", ".ckpt", ".pkl", ".pt");

    private final ModelRegistry registry;
    private volatile Map<String, ModelDirectory> models = Map.of();

    InstalledModels(ModelRegistry registry) {
        this.registry = registry;
        rescan();
    }

    ModelRegistry registry() {
        return registry;
    }

    /** Reads the models folder again. */
    synchronized void rescan() {
        java.util.Set<String> generators = java.util.Set.copyOf(registry.names());
        Map<String, ModelDirectory> found = new LinkedHashMap<>();
        for (ModelRegistry.Listing l : registry.list()) {
            if (l.problem() == null && generators.contains(l.model().name())) {
                found.putIfAbsent(l.model().name(), l.model());
            }
        }
        models = found;
    }

    /** The installed models' names, in the folder's order. */
    List<String> names() {
        return List.copyOf(models.keySet());
    }

    /** An installed model's folder (one installed since start is found too); a 404 naming them otherwise. */
    ModelDirectory find(String name) {
        ModelDirectory dir = name == null ? null : models.get(name);
        if (dir == null && name != null && dev.genlab.core.SafeNames.isSafe(name)) {
            rescan();
            dir = models.get(name);
        }
        if (dir == null) {
            throw ApiError.notFound("unknown model '" + dev.genlab.core.Printable.of(String.valueOf(name), 64)
                    + "'; installed: " + String.join(", ", names()));
        }
        return dir;
    }

    /**
     * The model a client's checkpoint name means: A1111's title ("name [hash]"), a file name with a folder or
     * an extension ("SD/v1-5.safetensors", ComfyUI's ckpt_name), or the name itself; a 404 if none is installed.
     */
    String checkpoint(String text) {
        String t = text.trim().replace('\\', '/');
        t = t.substring(t.lastIndexOf('/') + 1);
        int bracket = t.lastIndexOf(" [");
        if (bracket > 0 && t.endsWith("]")) {
            t = t.substring(0, bracket);
        }
        for (String ext : CHECKPOINT_EXTENSIONS) {
            if (t.endsWith(ext) && !models.containsKey(t)) {
                t = t.substring(0, t.length() - ext.length());
            }
        }
        find(t);
        return t;
    }
}
