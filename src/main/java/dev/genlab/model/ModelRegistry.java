package dev.genlab.model;

import dev.genlab.core.GenlabException;
import dev.genlab.modelstore.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The installed models (one folder each under the models folder) and the families that load them. */
public final class ModelRegistry {

    private final Path modelsDir;
    private final Map<String, ModelFamily> families;
    private final Set<String> otherKinds;

    /**
     * @param families   the families that generate images
     * @param otherKinds other kinds of model that may sit in the folder (e.g. "classifier")
     */
    public ModelRegistry(Path modelsDir, List<ModelFamily> families, Set<String> otherKinds) {
        this.modelsDir = modelsDir;
        this.families = families.stream().collect(Collectors.toMap(ModelFamily::name, Function.identity()));
        this.otherKinds = Set.copyOf(otherKinds);
    }

    private boolean known(String family) {
        return families.containsKey(family) || otherKinds.contains(family);
    }

    public Path modelsDir() {
        return modelsDir;
    }

    /** A model folder and why it cannot be used, if it cannot. */
    public record Listing(Path path, ModelDirectory model, String problem) {}

    /** Every folder under the models folder that has a config.json, sorted by name. */
    public List<Listing> list() {
        if (!Files.isDirectory(modelsDir)) {
            return List.of();
        }
        List<Listing> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(modelsDir)) {
            for (Path dir : s.filter(p -> Files.isRegularFile(p.resolve(ModelDirectory.CONFIG))).sorted().toList()) {
                try {
                    ModelDirectory m = ModelDirectory.open(dir);
                    String problem = known(m.manifest().family()) ? null
                            : "unknown family '" + m.manifest().family() + "'";
                    out.add(new Listing(dir, m, problem));
                } catch (GenlabException e) {
                    out.add(new Listing(dir, null, e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new GenlabException("cannot list " + modelsDir + ": " + e.getMessage());
        }
        return out;
    }

    /** Names of the usable models that generate images. */
    public List<String> names() {
        return list().stream().filter(l -> l.problem() == null)
                .filter(l -> families.containsKey(l.model().manifest().family())).map(l -> l.model().name()).toList();
    }

    /** A model by name, or by the path of a model folder (e.g. the --out folder of a training run). */
    public ModelDirectory find(String nameOrPath) {
        Path asPath = Path.of(nameOrPath);
        if ((nameOrPath.contains("/") || nameOrPath.startsWith(".")) && Files.isDirectory(asPath)) {
            return checkFamily(ModelDirectory.open(asPath));
        }
        for (Listing l : list()) {
            if (l.model() != null && l.model().name().equals(nameOrPath)) {
                if (l.problem() != null) {
                    throw new GenlabException("model '" + nameOrPath + "' in " + l.path() + " cannot be used: " + l.problem());
                }
                return l.model();
            }
        }
        List<String> names = names();
        throw new dev.genlab.core.UsageException("unknown model '" + nameOrPath + "'; installed models: "
                + (names.isEmpty() ? "none" : String.join(", ", names)) + " (in " + modelsDir
                + "; see `genlab models`)");
    }

    /** A usable installed model by name, or null if none of that name is installed. */
    public ModelDirectory findIfInstalled(String name) {
        return list().stream().filter(l -> l.problem() == null && l.model().name().equals(name)).map(Listing::model)
                .findFirst().orElse(null);
    }

    private ModelDirectory checkFamily(ModelDirectory m) {
        if (!known(m.manifest().family())) {
            throw new GenlabException("model in " + m.path() + " has unknown family '" + m.manifest().family()
                    + "'; known families: " + String.join(", ", families.keySet().stream().sorted().toList()));
        }
        return m;
    }

    /** The family that loads a model as a generator; a clear error for models that generate nothing. */
    public ModelFamily family(ModelDirectory m) {
        ModelFamily f = families.get(checkFamily(m).manifest().family());
        if (f == null) {
            throw new GenlabException("model " + m.name() + " is a " + m.manifest().family()
                    + ", it does not generate images; image generators: " + String.join(", ", names()));
        }
        return f;
    }
}
