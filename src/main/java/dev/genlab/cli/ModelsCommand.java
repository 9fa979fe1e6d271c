package dev.genlab.cli;

import dev.genlab.checkpoint.Checkpoints;
import dev.genlab.checkpoint.StoredTensor;
import dev.genlab.core.Printable;
import dev.genlab.model.ModelRegistry;
import dev.genlab.modelstore.ModelDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `genlab models`: what is installed. */
@Command(name = "models", mixinStandardHelpOptions = true, subcommands = ModelsAddCommand.class, description = {"List the installed models.",
    "With a NAME: that model's description, settings and parameters."})
final class ModelsCommand implements Callable<Integer> {

    @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "A model to describe.")
    String name;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        ModelRegistry registry = common.registry();
        if (name != null) {
            return describe(registry, registry.find(name));
        }
        List<ModelRegistry.Listing> listings = registry.list();
        if (listings.isEmpty()) {
            System.out.println("no models in " + registry.modelsDir() + " (train one with `genlab train vae --out "
                    + registry.modelsDir().resolve("vae") + "`)");
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "FAMILY", "PARAMS", "SIZE", "TRAINED ON", "HEADLINE"});
        for (ModelRegistry.Listing l : listings) {
            if (l.model() == null) {
                rows.add(new String[] {l.path().getFileName().toString(), "?", "", "", "", "unusable: " + l.problem()});
                continue;
            }
            ModelDirectory m = l.model();
            var t = m.manifest().training();
            var linked = m.manifest().linked();
            rows.add(new String[] {m.name(), Printable.of(m.manifest().family(), 40), m.hasWeights() ? parameters(m) : "0",
                m.hasWeights() ? String.format(Locale.ROOT, "%.1f MB", m.weightsBytes() / 1e6) : "-",
                linked != null ? "your checkpoint (" + linked.dtype() + ", hash " + linked.sha256().substring(0, 10) + ")"
                    : t == null ? "no training" : t.data() + String.format(Locale.ROOT, ", %d epochs", t.epochs()),
                m.manifest().headline() == null ? "" : Printable.of(m.manifest().headline(), 200)});
        }
        Table.print(System.out, rows);
        return 0;
    }

    private int describe(ModelRegistry registry, ModelDirectory m) {
        var manifest = m.manifest();
        System.out.printf("%s (%s): %s%n", m.name(), Printable.of(manifest.family(), 40),
                Printable.of(manifest.description()));
        System.out.printf(Locale.ROOT, "image: %dx%d, %d channel(s)%s%n", manifest.image().width(),
                manifest.image().height(), manifest.image().channels(),
                manifest.classes() == null || manifest.classes().isEmpty() ? ""
                        : "; classes: " + Printable.of(String.join(", ", manifest.classes())));
        if (manifest.headline() != null) {
            System.out.println("headline: " + Printable.of(manifest.headline()));
        }
        try (var manager = common.newManager(); var g = registry.family(m).load(m, manager)) {
            if (g.defaultSampler() != null) {
                var s = g.defaultSampler();
                System.out.printf(Locale.ROOT, "default sampling: %s, %d steps, guidance %s%n", s.sampler(), s.steps(),
                        s.cfg());
            }
            g.describeSettings().forEach(System.out::println);
        }
        var linked = m.manifest().linked();
        if (linked != null) {
            System.out.printf(Locale.ROOT, "checkpoint: %s (%s, %s, %s, %.2f GB), model hash %s%n", linked.path(),
                    linked.kind(), linked.format(), linked.dtype(), linked.bytes() / 1e9, linked.sha256().substring(0, 10));
            return 0;
        }
        System.out.println("model card: " + m.path().resolve(ModelDirectory.CARD));
        return 0;
    }

    private static String parameters(ModelDirectory m) {
        try {
            long n = Checkpoints.open(m.weights()).tensors().values().stream().mapToLong(StoredTensor::elementCount)
                    .sum();
            return n >= 1_000_000 ? String.format(Locale.ROOT, "%.2fM", n / 1e6)
                    : String.format(Locale.ROOT, "%.0fk", n / 1e3);
        } catch (RuntimeException e) {
            return "unreadable";
        }
    }
}
